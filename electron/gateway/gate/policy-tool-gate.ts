// The CallGate that the product runs: every tools/call passes pause → pinning → policy →
// approval, in that order, and is written to the call log whatever the outcome.
// tools/list is filtered by the same policy (hidden tools vanish) and by pinning: each
// session's listing is recorded in the catalog and held against the reviewed definitions,
// and a definition that pinning blocks is withheld from that session's list.
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ActiveCall, CallLog, CallOutcome } from '../calllog/call-log.js';
import type { PolicyDecision } from '../../../shared/policy/types.js';
import type { RateLimitHit } from '../../../shared/calls.js';
import type { PinningMode } from '../../../shared/config.js';
import type { RiskClass, RiskLevel } from '../../../shared/risk.js';
import type { PinVerdict } from '../../../shared/catalog.js';
import type { Admission, CallContext, CallProblem, SessionContext, ToolGate, UpstreamOutcome } from './call-gate.js';
import { SessionListings, type ListedTool } from './session-listings.js';
import type { PolicyEngine } from '../policy/engine.js';
import { denialResult } from '../policy/messages.js';
import { shadowRecord } from './shadow-record.js';
import type { ApprovalBroker, HoldAnswer } from '../approvals/approval-broker.js';
import { DEFAULT_APPROVAL_TIMEOUT_S } from '../../../shared/policy/types.js';
import { SessionTaints, describeTaint, taintRulesOf, type TaintHit } from './session-taint.js';
import { askInClient } from '../approvals/client-question.js';

/** What the gate needs to know about a tool, from the catalog. */
export interface ToolFactsSource {
  risk(serverId: string, tool: string): { class: RiskClass; level: RiskLevel } | undefined;
  inputSchema(serverId: string, tool: string): unknown;
  /** Whether the tool says it reaches an open world (taint rules' `open_world_read`). */
  openWorldRead?(serverId: string, tool: string): boolean;
  pinVerdict(serverId: string, tool: string, mode: PinningMode): PinVerdict;
  /** Records one session's listing in the catalog; each tool's definition hash, in order ('' for no usable name). */
  observe(serverId: string, tools: readonly Tool[]): string[];
  /** The verdict on the definition with `hash` a session was shown. */
  sessionPinVerdict(serverId: string, tool: string, hash: string, mode: PinningMode): PinVerdict;
  /** Changes whenever the catalog does: verdicts worked out before are stale. */
  readonly generation: number;
}

export interface PolicyToolGateDeps {
  engine(serverId: string): PolicyEngine;
  facts: ToolFactsSource;
  pinningMode(serverId: string): PinningMode;
  approvals: ApprovalBroker;
  log: CallLog;
  paused(): boolean;
  /** Whether any policy has taint rules (PolicyService.anyTaint); without it, every answered call is remembered. */
  anyTaint?(): boolean;
}

const denied = (text: string): CallToolResult => ({ content: [{ type: 'text', text }], isError: true });

export class PolicyToolGate implements ToolGate {
  private readonly listings = new SessionListings();
  /** What each session has done, for the policies' taint rules. */
  readonly taints = new SessionTaints();

  constructor(private readonly deps: PolicyToolGateDeps) {}

  filterTools(ctx: SessionContext, tools: Tool[]): Tool[] {
    const { deps } = this;
    const engine = deps.engine(ctx.serverId);
    const mode = deps.pinningMode(ctx.serverId);
    const hashes = deps.facts.observe(ctx.serverId, tools);
    const shown = this.listings.of(ctx.sessionId, ctx.serverId);
    return tools.filter((tool, i) => {
      const hash = hashes[i];
      if (!hash) return false; // no usable name: nothing a call could name
      if (!this.pinOf(ctx.serverId, tool.name, this.listings.record(shown, tool.name, hash), mode).allowed) return false;
      return engine.isVisible({ name: tool.name, riskClass: deps.facts.risk(ctx.serverId, tool.name)?.class });
    });
  }

  /** A session has ended: what it was shown is forgotten. */
  endSession(sessionId: string): void {
    this.listings.end(sessionId);
    this.taints.end(sessionId);
  }

  /** Calls refused before admission (malformed, or naming no tool the session's upstream listed) are logged like any refusal. */
  refuseCall(ctx: SessionContext, name: string, args: Record<string, unknown>, problem: CallProblem): CallToolResult {
    const { deps } = this;
    const entry = deps.log.start(
      { server: ctx.serverId, grant: ctx.grant, session: ctx.sessionId, client: ctx.clientInfo, tool: name, arguments: args, redactKeys: deps.engine(ctx.serverId).redactKeys },
      deps.log.arrival(),
    );
    deps.log.finish(entry, { decision: 'deny', rule: problem.kind === 'malformed' ? 'malformed-call' : 'unlisted-tool', upstream: 'not-called', reason: problem.message });
    return denied(problem.message);
  }

  /** The pin verdict on what the session was shown, worked out again only when the catalog or the mode changed. */
  private pinOf(serverId: string, tool: string, listed: ListedTool, mode: PinningMode): PinVerdict {
    const { facts } = this.deps;
    if (listed.verdict === undefined || listed.generation !== facts.generation || listed.mode !== mode) {
      listed.verdict = facts.sessionPinVerdict(serverId, tool, listed.hash, mode);
      listed.generation = facts.generation;
      listed.mode = mode;
    }
    return listed.verdict;
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

    // What this session was shown of the tool; a gate used without listings falls back to the catalog's definition.
    const listed = this.listings.find(ctx.sessionId, ctx.serverId, name);
    const mode = deps.pinningMode(ctx.serverId);
    const pin = listed ? this.pinOf(ctx.serverId, name, listed, mode) : deps.facts.pinVerdict(ctx.serverId, name, mode);
    if (!pin.allowed) return refuse(pin.message ?? `Portcullis blocked '${name}': its definition changed since it was reviewed.`, { decision: 'deny', rule: 'pinning', pin: pin.flag });

    const risk = deps.facts.risk(ctx.serverId, name);
    let decision: PolicyDecision = await engine.decide({
      tool: { name, riskClass: risk?.class, inputSchema: deps.facts.inputSchema(ctx.serverId, name) },
      calledAs: ctx.calledAs,
      args,
      grant: ctx.grant,
      sessionId: ctx.sessionId,
    });
    // What the session did before may tighten the decision (a policy without taint rules pays one length check).
    const taintRules = taintRulesOf(engine.policy);
    if (taintRules.length > 0 && decision.action !== 'deny' && decision.action !== 'hidden') {
      const hit = this.taints.find(ctx.sessionId, taintRules, ctx.serverId, name, risk?.class);
      if (hit) decision = tightenedByTaint(decision, hit);
    }
    const base = {
      rule: decision.record.rule,
      counters: decision.record.counters.map(toLogCounter),
      pin: pin.flag,
      policyRevision: decision.record.revision,
      shadow: shadowRecord(decision.record.shadow),
    };

    if (decision.action === 'deny' || decision.action === 'hidden') {
      const result = denialResult(decision);
      const rateLimit = decision.action === 'deny' ? rateLimitHit(decision) : undefined;
      const verdict = decision.action === 'hidden' ? 'hide' : rateLimit ? 'rate-limit' : 'deny';
      deps.log.finish(logged(), { ...base, decision: verdict, rateLimit, upstream: 'not-called', reason: decision.message });
      return { proceed: false, result };
    }

    let approval: CallOutcome['approval'];
    if (decision.action === 'approve' && !deps.approvals.approvedForSession(ctx.sessionId, ctx.serverId, name)) {
      // A person approved this exact call after its agent had stopped waiting: this retry runs once.
      const kept = deps.approvals.useKept({ grant: ctx.grant, server: ctx.serverId, tool: name, args, callId: () => logged().call.id });
      if (kept) {
        approval = { id: kept.request.id, outcome: 'approved', scope: 'once', by: kept.resolution.by, kept: true, waitedMs: 0 };
      } else {
        const active = logged(); // a held call shows in the log while it waits
        const elicit = decision.via?.includes('client') ? ctx.elicit : undefined;
        const answer: HoldAnswer = await deps.approvals.hold({
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
          ...(decision.record.cause === 'taint' && decision.record.detail ? { why: decision.record.detail } : {}),
          timeoutSeconds: decision.timeoutSeconds,
          signal: ctx.signal,
          sendProgress: ctx.sendProgress,
          keepForRetry: true,
          ...(elicit ? { askClient: (request, signal) => askInClient(elicit, request, signal), ...(decision.via?.includes('tray') ? {} : { quiet: true }) } : {}),
        });
        if (answer.outcome !== 'approved') {
          const text = approvalRefusal(name, decision.record.rule, answer, ctx.calledAs ?? name);
          deps.log.finish(active, {
            ...base,
            decision: 'approve',
            approval: { id: answer.id, outcome: answer.outcome, reason: answer.reason, by: answer.by, waitedMs: answer.waitedMs },
            upstream: 'not-called',
            reason: text,
          });
          return { proceed: false, result: denied(text) };
        }
        approval = { id: answer.id, outcome: 'approved', scope: answer.scope, by: answer.by, waitedMs: answer.waitedMs };
      }
    }

    return {
      proceed: true,
      forwarded: logged,
      finish: (outcome: UpstreamOutcome) => {
        const upstream = describeUpstream(outcome);
        // An answered call's content reached the agent: it may taint what the session does next
        // (remembered only while some policy has taint rules: otherwise nothing would read it).
        if ((upstream.upstream === 'ok' || upstream.upstream === 'tool-error') && (deps.anyTaint?.() ?? true)) {
          this.taints.note(ctx.sessionId, { server: ctx.serverId, tool: name, riskClass: risk?.class, openWorldRead: deps.facts.openWorldRead?.(ctx.serverId, name) ?? false, at: Date.now() });
        }
        // Spelled out rather than spread: this runs on every forwarded call.
        deps.log.finish(logged(), {
          rule: base.rule,
          counters: base.counters,
          pin: base.pin,
          policyRevision: base.policyRevision,
          shadow: base.shadow,
          decision: decision.action === 'approve' ? 'approve' : 'allow',
          approval,
          upstream: upstream.upstream,
          upstreamMs: upstream.upstreamMs,
          resultBytes: upstream.resultBytes,
          error: upstream.error,
        });
      },
    };
  }
}

/** A taint rule only tightens: an allowed call is held or denied, a held one may be denied. */
function tightenedByTaint(decision: PolicyDecision, hit: TaintHit): PolicyDecision {
  if (decision.action === 'approve' && hit.rule.action === 'approve') return decision;
  const detail = describeTaint(hit);
  const record = { ...decision.record, rule: `taint[${hit.index}]`, cause: 'taint' as const, detail, ...(hit.rule.reason ? { reason: hit.rule.reason } : {}) };
  if (hit.rule.action === 'deny') {
    return { action: 'deny', tool: decision.tool, record: { ...record, action: 'deny' }, message: `Portcullis denied '${decision.tool}': ${detail}.` };
  }
  return { action: 'approve', tool: decision.tool, record: { ...record, action: 'approve' }, timeoutSeconds: hit.rule.approval?.timeout_s ?? DEFAULT_APPROVAL_TIMEOUT_S };
}

/** The limit that ran out, when a limit's counter (not a bad `increment_from` value) refused the call. */
function rateLimitHit(decision: Extract<PolicyDecision, { action: 'deny' }>): RateLimitHit | undefined {
  const { record } = decision;
  if (record.cause !== 'limit') return undefined;
  const touch = record.counters.find((c) => c.limitPath === record.causePath);
  if (!touch) return undefined;
  return {
    counter: touch.counter,
    scope: touch.scope,
    limitPath: touch.limitPath,
    windowSeconds: touch.windowSeconds,
    max: touch.max,
    used: touch.used,
    amount: touch.amount,
    retryAfterSeconds: decision.retryAfterSeconds,
  };
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

/** What an agent whose client gave up (or whose hold ran out) should do: the question stays open for a while. */
function retryHint(tool: string, openUntil: string): string {
  return `The request stays open in Portcullis until ${openUntil}: once a person approves it, call '${tool}' again with exactly the same arguments and it runs once without asking again.`;
}

/** `calledAs`: the name the agent retries by (the aggregate endpoint's `server__tool`). */
function approvalRefusal(tool: string, rule: string, answer: HoldAnswer, calledAs = tool): string {
  switch (answer.outcome) {
    case 'denied':
      return `Portcullis: a person denied the call to '${tool}' (rule ${rule})${answer.reason ? `: ${answer.reason}` : '.'}`;
    case 'timeout':
      if (answer.openUntil) return `Portcullis: the call to '${tool}' needs a person's approval (rule ${rule}) and no one has answered yet; it was not run. ${retryHint(calledAs, answer.openUntil)}`;
      return `Portcullis: the call to '${tool}' needed a person's approval (rule ${rule}) and no one answered in time; it was not run. Try again later.`;
    default:
      return `Portcullis: the approval request for '${tool}' was withdrawn (${answer.reason ?? 'cancelled'}); it was not run.${answer.openUntil ? ` ${retryHint(calledAs, answer.openUntil)}` : ''}`;
  }
}
