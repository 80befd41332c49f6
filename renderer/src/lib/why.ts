// "Why" in words: one or two sentences a person can read in the detail pane, built
// from what the call log recorded (the decision, its rule, the agent's message, the
// approval, the counters, what the upstream said).
import { callVerdict, type CallRecord } from '../../../shared/calls.js';
import { formatLatency, formatSeconds } from './format.js';

export function describeRule(rule: string | undefined): string {
  if (rule === undefined || rule === '') return 'an unnamed rule';
  if (rule === 'default') return "the policy's default";
  if (rule === 'paused') return 'the gateway pause';
  if (rule.startsWith('hide')) return `the hide list (${rule})`;
  if (rule.startsWith('risk.')) return `the risk rule for ${rule.slice(5)} tools (${rule})`;
  if (rule.startsWith('all_tools')) return `the all-tools limit (${rule})`;
  if (rule.startsWith('tools.') || rule.startsWith('tools[')) return `the rule ${rule}`;
  if (rule.startsWith('pin')) return 'tool pinning';
  if (rule.startsWith('taint')) return `the session taint rule ${rule} (what this session did earlier)`;
  return `the rule ${rule}`;
}

function decisionSentence(record: CallRecord): string {
  const rule = describeRule(record.rule);
  const verdict = callVerdict(record);
  const told = record.reason ? ` The agent was told: “${record.reason}”` : '';
  switch (verdict) {
    case 'allowed':
      return record.rule === 'default' ? 'Allowed: no rule names this tool, and the default is allow.' : `Allowed by ${rule}.`;
    case 'denied': {
      if (record.rule === 'default') return `Denied: no rule names this tool, and the default is deny.${told}`;
      if (record.rule === 'paused') return `Denied: Portcullis was paused, so no calls were forwarded.${told}`;
      const limit = record.counters?.find((c) => c.used >= c.max);
      if (limit) return `Denied by ${rule}: the limit '${limit.counter}' (per ${limit.scope}) was used up, ${limit.used} of ${limit.max}.${told}`;
      return `Denied by ${rule}.${told}`;
    }
    case 'rate-limited': {
      const hit = record.rateLimit;
      if (!hit) return `Rate-limited by ${rule}.${told}`;
      const retry = hit.retryAfterSeconds === undefined ? 'Waiting will not help: this call alone needs more than the limit.' : `It would fit again ${formatSeconds(hit.retryAfterSeconds)} after the call.`;
      return `Rate-limited by ${rule}: the counter '${hit.counter}' (per ${hit.scope}, ${hit.max} per ${formatSeconds(hit.windowSeconds)}) had ${hit.used} of ${hit.max} used. ${retry}${told}`;
    }
    case 'hidden':
      return `Hidden by ${rule}: the tool is not listed to clients, and calling it anyway is refused.${told}`;
    case 'approved': {
      const a = record.approval;
      const scope = a?.scope === 'session' ? 'for the rest of the session' : 'once';
      return `Held for approval by ${rule}, then approved ${scope} after ${formatLatency(a?.waitedMs)}.`;
    }
    case 'approval-denied':
      return `Held for approval by ${rule}, and a person denied it${record.approval?.reason ? `: “${record.approval.reason}”` : '.'}`;
    case 'approval-timeout':
      return `Held for approval by ${rule}, and nobody answered within ${formatLatency(record.approval?.waitedMs)}, so it was denied.`;
    case 'approval-withdrawn':
      return `Held for approval by ${rule}; the client cancelled or disconnected before anyone answered.`;
    case 'approval-pending':
      return `Held for approval by ${rule}.`;
  }
}

function upstreamSentence(record: CallRecord): string {
  switch (record.upstream) {
    case 'ok':
      return `The server answered in ${formatLatency(record.latency.upstreamMs)}.`;
    case 'tool-error':
      return `The server ran the tool and reported an error${record.error ? `: ${record.error}` : '.'}`;
    case 'protocol-error':
      return `The server failed to answer${record.error ? `: ${record.error}` : '.'}`;
    case 'timeout':
      return `The server did not answer in time${record.error ? ` (${record.error})` : '.'}`;
    case 'not-called':
      return 'The server was not called.';
  }
}

/** "Denied by the rule tools.delete_file. The agent was told: … The server was not called." */
export function explainCall(record: CallRecord): string {
  const pin = record.pin ? ` The tool was ${record.pin === 'new' ? 'new' : 'changed'} since it was last reviewed.` : '';
  return `${decisionSentence(record)}${pin} ${upstreamSentence(record)}`;
}
