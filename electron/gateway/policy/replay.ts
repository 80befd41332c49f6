// Replay: a draft policy evaluated against the call log, to say what it would have changed
// before it is live. The real engine decides each logged call in time order, with a private
// in-memory counter store whose clock is the log's own timestamps, so limits run with their
// windows exactly as they would have (`rate-limited` is exact for the calls in range; calls
// before the range are not counted). Risk classes and input schemas are the catalog's now.
import type { CallRecord } from '../../../shared/calls.js';
import {
  decisionOutcome, transitionKey, type DecisionOutcome, type PolicyReplay, type ReplayChange, type ReplayRuleSummary,
} from '../../../shared/policy-replay.js';
import type { Policy } from '../../../shared/policy/types.js';
import { compilePolicy, resolveRule } from './compile.js';
import { PolicyEngine } from './engine.js';
import { InputSchemaChecker } from './input-schema-check.js';
import { MemoryCounterStore } from './memory-counter-store.js';
import { decideCall, type ToolFacts } from './replay-decide.js';
import { alteredPaths, redactedReads } from './replay-redaction.js';

/** Refusals the gateway made before any policy: nothing a draft would decide differently. */
const NOT_POLICY_RULES = new Set(['paused', 'pinning', 'malformed-call', 'unlisted-tool']);
const EXAMPLES_PER_RULE = 3;

export interface ReplayOptions {
  serverId: string;
  draft: Policy;
  /** The revision active now (for the summary). */
  activeRevision: string;
  /** The server's calls, oldest first. */
  records: AsyncIterable<CallRecord>;
  facts: ToolFacts;
  /** Most changed calls listed (counts stay exact). Default: all. */
  maxChanged?: number;
  range?: { from?: string; to?: string; grant?: string };
  /** Share compiled schemas with the live engines. */
  schemaChecker?: InputSchemaChecker;
}

/** The logged decision as replay compares it; undefined when no policy made it. */
export function loggedOutcome(record: CallRecord): DecisionOutcome | undefined {
  if (record.rule !== undefined && NOT_POLICY_RULES.has(record.rule)) return undefined;
  if (record.decision === 'rate-limit') return 'rate-limited';
  // Logs from before the 'rate-limit' decision: the engine checks limits last and records their
  // counters only when it reached them, so a denial that carries counters was a limit's.
  if (record.decision === 'deny' && record.counters !== undefined && record.counters.length > 0) return 'rate-limited';
  return record.decision;
}

export async function replayPolicy(options: ReplayOptions): Promise<PolicyReplay> {
  const { serverId, draft, facts } = options;
  const engine = new PolicyEngine({ serverId, policy: draft, counters: new MemoryCounterStore(), schemaChecker: options.schemaChecker ?? new InputSchemaChecker() });
  const compiled = compilePolicy(draft); // for which arguments a rule reads (redaction)
  const maxChanged = options.maxChanged ?? Number.POSITIVE_INFINITY;
  const counts: Record<string, number> = {};
  const changed: ReplayChange[] = [];
  const byRule = new Map<string, ReplayRuleSummary>();
  let calls = 0;
  let replayed = 0;
  let changes = 0;
  let dependsOnRedacted = 0;
  let oldest: string | undefined;
  let newest: string | undefined;

  for await (const record of options.records) {
    calls++;
    const before = loggedOutcome(record);
    if (before === undefined) continue;
    const args = isArgs(record.arguments) ? record.arguments : {};
    const decision = await decideCall(engine, facts, { method: record.method, tool: record.tool, args, grant: record.grant, sessionId: record.session, now: Date.parse(record.time) });
    if (decision === undefined) continue;
    replayed++;
    oldest ??= record.time;
    newest = record.time;
    const after = decisionOutcome(decision.record);
    const key = transitionKey(before, after);
    counts[key] = (counts[key] ?? 0) + 1;

    let redacted: string[] = [];
    if (record.method === undefined && (record.argumentsTruncated === true || record.arguments !== undefined)) {
      const altered = alteredPaths(record.arguments);
      if (altered.length > 0 || record.argumentsTruncated === true) {
        const rule = compiled.hide.match(record.tool) === undefined ? resolveRule(compiled, record.tool, facts(record.tool).riskClass) : undefined;
        if (rule) redacted = redactedReads(rule, altered, record.argumentsTruncated === true);
        if (redacted.length > 0) dependsOnRedacted++;
      }
    }
    if (before === after) continue;

    changes++;
    const change: ReplayChange = {
      id: record.id,
      time: record.time,
      ...(record.method !== undefined ? { method: record.method } : {}),
      tool: record.tool,
      grant: record.grant,
      before,
      ...(record.rule !== undefined ? { beforeRule: record.rule } : {}),
      after,
      rule: decision.record.causePath ?? decision.record.rule,
      ...(decision.record.detail !== undefined ? { detail: decision.record.detail } : {}),
      ...(record.policyRevision !== undefined ? { beforeRevision: record.policyRevision } : {}),
      ...(redacted.length > 0 ? { redacted } : {}),
    };
    if (changed.length < maxChanged) changed.push(change);
    const summary = byRule.get(change.rule) ?? { rule: change.rule, changed: 0, transitions: {}, examples: [] };
    summary.changed++;
    summary.transitions[key] = (summary.transitions[key] ?? 0) + 1;
    if (summary.examples.length < EXAMPLES_PER_RULE) summary.examples.push(change);
    byRule.set(change.rule, summary);
  }

  const range = options.range ?? {};
  const from = range.from ?? oldest;
  const to = range.to ?? newest;
  const result: PolicyReplay = {
    summary: {
      server: serverId,
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(range.grant !== undefined ? { grant: range.grant } : {}),
      calls,
      replayed,
      skipped: calls - replayed,
      changed: changes,
      dependsOnRedacted,
      draftRevision: engine.revision,
      activeRevision: options.activeRevision,
      byRule: [...byRule.values()].sort((a, b) => b.changed - a.changed || (a.rule < b.rule ? -1 : 1)),
      text: replaySentence(counts, replayed),
    },
    counts,
    changed,
  };
  if (changes > changed.length) result.changedTruncated = true;
  return result;
}

function isArgs(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const VERBS: Record<DecisionOutcome, string> = {
  allow: 'allowed',
  deny: 'denied',
  hide: 'hidden',
  approve: 'held for approval',
  'rate-limited': 'rate-limited',
};

/** "Of the last 2,000 calls, this change would have decided 16 differently: denied 14, allowed 2." */
export function replaySentence(counts: Record<string, number>, replayed: number): string {
  if (replayed === 0) return 'No calls in range to replay.';
  const total = replayed.toLocaleString('en-US');
  const newly = new Map<DecisionOutcome, number>();
  let changed = 0;
  for (const [key, n] of Object.entries(counts)) {
    const [before, after] = key.split(' → ') as [DecisionOutcome, DecisionOutcome];
    if (before === after) continue;
    newly.set(after, (newly.get(after) ?? 0) + n);
    changed += n;
  }
  const calls = replayed === 1 ? 'call' : `${total} calls`;
  if (changed === 0) return `Of the last ${calls}, this change would have decided none differently.`;
  const parts = [...newly].sort((a, b) => b[1] - a[1]).map(([after, n]) => `${VERBS[after]} ${n.toLocaleString('en-US')}`);
  return `Of the last ${calls}, this change would have decided ${changed.toLocaleString('en-US')} differently: ${parts.join(', ')}.`;
}
