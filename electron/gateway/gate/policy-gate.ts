// The CallGate that the product runs: every tools/call passes pause → pinning → policy →
// approval, in that order, and is written to the call log whatever the outcome.
// tools/list is filtered by the same policy (hidden tools vanish).
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ActiveCall, CallLog, CallOutcome } from '../calllog/call-log.js';
import type { PolicyDecision } from '../../../shared/policy/types.js';
import type { PinningMode } from '../../../shared/config.js';
import type { RiskClass, RiskLevel } from '../../../shared/risk.js';
import type { PinVerdict } from '../../../shared/catalog.js';
import type { Admission, CallContext, CallGate, SessionContext, UpstreamOutcome } from '../session/call-gate.js';
import type { PolicyEngine } from '../policy/engine.js';
import { denialResult } from '../policy/messages.js';
import type { ApprovalBroker, HoldAnswer } from '../approvals/approval-broker.js';

/** What the gate needs to know about a tool, from the catalog. */
export interface ToolFactsSource {
  risk(serverId: string, tool: string): { class: RiskClass; level: RiskLevel } | undefined;
  inputSchema(serverId: string, tool: string): unknown;
  pinVerdict(serverId: string, tool: string, mode: PinningMode): PinVerdict;
}

export interface PolicyGateDeps {
  engine(serverId: string): PolicyEngine;
  facts: ToolFactsSource;
  pinningMode(serverId: string): PinningMode;
  approvals: ApprovalBroker;
  log: CallLog;
  paused(): boolean;
}

const denied = (text: string): CallToolResult => ({ content: [{ type: 'text', text }], isError: true });

export class PolicyGate implements CallGate {
  constructor(private readonly deps: PolicyGateDeps) {}

  filterTools(ctx: SessionContext, tools: Tool[]): Tool[] {
    const engine = this.deps.engine(ctx.serverId);
    return tools.filter((tool) => engine.isVisible({ name: tool.name, riskClass: this.deps.facts.risk(ctx.serverId, tool.name)?.class }));
  }

  async admitCall(ctx: CallContext, name: string, args: Record<string, unknown>): Promise<Admission> {
    const { deps } = this;
    const engine = deps.engine(ctx.serverId);
    // The log entry of a call that goes straight upstream is made once it has gone (its redaction
    // walk and id are then off the call's path); every other call gets it at once.
    const arrived = deps.log.arrival();
    let entry: ActiveCall | undefined;
    const logged = (): ActiveCall =>
      (entry ??= deps.log.start(
        { server: ctx.serverId, grant: ctx.grant, session: ctx.sessionId, client: ctx.clientInfo, tool: name, arguments: args, redactKeys: engine.redactKeys },
        arrived,
      ));
    const refuse = (text: string, outcome: Omit<CallOutcome, 'upstream'>): Admission => {
      deps.log.finish(logged(), { ...outcome, upstream: 'not-called', reason: outcome.reason ?? text });
      return { proceed: false, result: denied(text) };
    };

    if (deps.paused()) {
      return refuse(`Portcullis is paused: no tool calls are forwarded until a person resumes the gateway.`, { decision: 'deny', rule: 'paused' });
    }

    const pin = deps.facts.pinVerdict(ctx.serverId, name, deps.pinningMode(ctx.serverId));
    if (!pin.allowed) return refuse(pin.message ?? `Portcullis blocked '${name}': its definition changed since it was reviewed.`, { decision: 'deny', rule: 'pinning', pin: pin.flag });

    const risk = deps.facts.risk(ctx.serverId, name);
    const decision: PolicyDecision = await engine.decide({
      tool: { name, riskClass: risk?.class, inputSchema: deps.facts.inputSchema(ctx.serverId, name) },
      args,
      grant: ctx.grant,
      sessionId: ctx.sessionId,
    });
    const base = { rule: decision.record.rule, counters: decision.record.counters.map(toLogCounter), pin: pin.flag };

    if (decision.action === 'deny' || decision.action === 'hidden') {
      const result = denialResult(decision);
      deps.log.finish(logged(), { ...base, decision: decision.action === 'hidden' ? 'hide' : 'deny', upstream: 'not-called', reason: decision.message });
      return { proceed: false, result };
    }

    let approval: HoldAnswer | undefined;
    if (decision.action === 'approve') {
      if (!deps.approvals.approvedForSession(ctx.sessionId, ctx.serverId, name)) {
        const active = logged(); // a held call shows in the log while it waits
        approval = await deps.approvals.hold({
          server: ctx.serverId,
          grant: ctx.grant,
          session: ctx.sessionId,
          client: ctx.clientInfo,
          tool: name,
          redactKeys: engine.redactKeys,
          rawArguments: args,
          riskClass: risk?.class,
          riskLevel: risk?.level,
          rule: decision.record.rule,
          timeoutSeconds: decision.timeoutSeconds,
          signal: ctx.signal,
          sendProgress: ctx.sendProgress,
        });
        if (approval.outcome !== 'approved') {
          const text = approvalRefusal(name, decision.record.rule, approval);
          deps.log.finish(active, {
            ...base,
            decision: 'approve',
            approval: { id: approval.id, outcome: approval.outcome, reason: approval.reason, waitedMs: approval.waitedMs },
            upstream: 'not-called',
            reason: text,
          });
          return { proceed: false, result: denied(text) };
        }
      }
    }

    return {
      proceed: true,
      forwarded: logged,
      finish: (outcome: UpstreamOutcome) => {
        const upstream = describeUpstream(outcome);
        // Spelled out rather than spread: this runs on every forwarded call.
        deps.log.finish(logged(), {
          rule: base.rule,
          counters: base.counters,
          pin: base.pin,
          decision: decision.action === 'approve' ? 'approve' : 'allow',
          approval: approval ? { id: approval.id, outcome: 'approved', scope: approval.scope, waitedMs: approval.waitedMs } : undefined,
          upstream: upstream.upstream,
          upstreamMs: upstream.upstreamMs,
          resultBytes: upstream.resultBytes,
          error: upstream.error,
        });
      },
    };
  }
}

function toLogCounter(touch: PolicyDecision['record']['counters'][number]) {
  return { counter: touch.counter, scope: touch.scope, used: touch.used, max: touch.max };
}

function describeUpstream(outcome: UpstreamOutcome): Pick<CallOutcome, 'upstream' | 'upstreamMs' | 'resultBytes' | 'error'> {
  if ('result' in outcome) {
    const error = outcome.status === 'tool-error' ? textOf(outcome.result).slice(0, 500) || undefined : undefined;
    return { upstream: outcome.status, upstreamMs: outcome.upstreamMs, resultBytes: outcome.resultBytes, error };
  }
  return { upstream: outcome.status, upstreamMs: outcome.upstreamMs, error: outcome.error.message };
}

function textOf(result: CallToolResult): string {
  return (result.content ?? []).map((c) => (c.type === 'text' ? c.text : '')).join(' ');
}

function approvalRefusal(tool: string, rule: string, answer: HoldAnswer): string {
  switch (answer.outcome) {
    case 'denied':
      return `Portcullis: a person denied the call to '${tool}' (rule ${rule})${answer.reason ? `: ${answer.reason}` : '.'}`;
    case 'timeout':
      return `Portcullis: the call to '${tool}' needed a person's approval (rule ${rule}) and no one answered in time; it was not run. Try again later.`;
    default:
      return `Portcullis: the approval request for '${tool}' was withdrawn (${answer.reason ?? 'cancelled'}); it was not run.`;
  }
}
