// The RequestGate the product runs: every request other than tools/call (the client's
// resources/read, prompts/get, completion, logging/setLevel; the server's sampling,
// elicitation and roots/list) passes pause → policy → approval and is written to the call
// log with its method, whatever the outcome. Lists of resources, templates and prompts are
// filtered by the same policy, and so are the server's resource updates and log messages.
import type { Notification } from '@modelcontextprotocol/sdk/types.js';
import type { CallLog, CallOutcome } from '../calllog/call-log.js';
import type { CallContext, GovernedRequest, ListKind, RequestAdmission, RequestGate, RequestOutcome, SessionContext } from './call-gate.js';
import type { PolicyEngine } from '../policy/engine.js';
import { POLICY_DENIED_CODE } from '../policy/messages.js';
import { shadowRecord } from './shadow-record.js';
import type { ApprovalBroker } from '../approvals/approval-broker.js';

export interface RequestGateDeps {
  engine(serverId: string): PolicyEngine;
  approvals: ApprovalBroker;
  log: CallLog;
  paused(): boolean;
}

/** JSON-RPC codes: a hidden resource is "not found" as MCP names it, a hidden prompt an invalid name. */
const RESOURCE_NOT_FOUND = -32002;
const INVALID_PARAMS = -32602;

const ITEM_KEYS: Record<ListKind, { key: 'uri' | 'uriTemplate' | 'name'; kind: 'resource' | 'prompt' }> = {
  resources: { key: 'uri', kind: 'resource' },
  resourceTemplates: { key: 'uriTemplate', kind: 'resource' },
  prompts: { key: 'name', kind: 'prompt' },
};

export class PolicyRequestGate implements RequestGate {
  constructor(private readonly deps: RequestGateDeps) {}

  filterList<T extends Record<string, unknown>>(ctx: SessionContext, kind: ListKind, items: T[]): T[] {
    const engine = this.deps.engine(ctx.serverId);
    const { key, kind: itemKind } = ITEM_KEYS[kind];
    return items.filter((item) => engine.isListed(itemKind, typeof item[key] === 'string' ? (item[key] as string) : ''));
  }

  passNotification(ctx: SessionContext, notification: Notification): boolean {
    return this.deps.engine(ctx.serverId).passesNotification(notification.method, notification.params as Record<string, unknown> | undefined);
  }

  async admitRequest(ctx: CallContext, request: GovernedRequest): Promise<RequestAdmission> {
    const { deps } = this;
    const engine = deps.engine(ctx.serverId);
    const decision = engine.decideRequest(request);
    if (decision.action === 'open') return { proceed: true, finish: () => undefined };

    const arrived = deps.log.arrival();
    const entry = deps.log.start(
      {
        server: ctx.serverId,
        grant: ctx.grant,
        session: ctx.sessionId,
        client: ctx.clientInfo,
        method: request.method,
        tool: request.target?.name ?? request.method,
        arguments: loggedArguments(request),
        redactKeys: engine.redactKeys,
      },
      arrived,
    );
    const base = { rule: decision.record.rule, policyRevision: decision.record.revision, shadow: shadowRecord(decision.record.shadow) };
    const refuse = (code: number, message: string, outcome: Omit<CallOutcome, 'upstream' | 'reason'>): RequestAdmission => {
      deps.log.finish(entry, { ...outcome, upstream: 'not-called', reason: message });
      return { proceed: false, error: { code, message, data: { rule: outcome.rule } } };
    };

    if (deps.paused()) {
      return refuse(POLICY_DENIED_CODE, `Portcullis is paused: no requests are forwarded until a person resumes the gateway.`, { decision: 'deny', rule: 'paused' });
    }
    if (decision.action === 'hidden') {
      return refuse(request.target?.kind === 'resource' ? RESOURCE_NOT_FOUND : INVALID_PARAMS, decision.message, { ...base, decision: 'hide' });
    }
    if (decision.action === 'deny') return refuse(POLICY_DENIED_CODE, decision.message, { ...base, decision: 'deny' });

    let approval: CallOutcome['approval'];
    if (decision.action === 'approve' && !deps.approvals.approvedForSession(ctx.sessionId, ctx.serverId, decision.tool)) {
      // The person sees the method and its target as the "tool", and the request's params, whole, as its arguments.
      const answer = await deps.approvals.hold({
        server: ctx.serverId,
        grant: ctx.grant,
        session: ctx.sessionId,
        client: ctx.clientInfo,
        tool: decision.tool,
        redactKeys: engine.redactKeys,
        rawArguments: request.params ?? {},
        rule: decision.record.rule,
        timeoutSeconds: decision.timeoutSeconds,
        signal: ctx.signal,
        sendProgress: ctx.sendProgress,
      });
      approval = { id: answer.id, outcome: answer.outcome, reason: answer.reason, waitedMs: answer.waitedMs };
      if (answer.outcome !== 'approved') {
        const message = refusalAfterApproval(decision.tool, decision.record.rule, answer.outcome, answer.reason);
        return refuse(POLICY_DENIED_CODE, message, { ...base, decision: 'approve', approval });
      }
      approval.scope = answer.scope;
    }

    return {
      proceed: true,
      finish: (outcome: RequestOutcome) => {
        deps.log.finish(entry, {
          ...base,
          decision: decision.action === 'approve' ? 'approve' : 'allow',
          approval,
          upstream: outcome.status,
          upstreamMs: outcome.upstreamMs,
          error: 'error' in outcome ? outcome.error.message : undefined,
        });
      },
    };
  }
}

/** What the log keeps of a request's params: its arguments where it has them, else the params less the target and _meta. */
function loggedArguments(request: GovernedRequest): unknown {
  const params = request.params;
  if (params === undefined) return undefined;
  const { _meta: _ignored, uri: _uri, ...rest } = params;
  if (request.method === 'prompts/get') return params.arguments;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

function refusalAfterApproval(subject: string, rule: string, outcome: string, reason: string | undefined): string {
  switch (outcome) {
    case 'denied':
      return `Portcullis: a person denied ${subject} (rule ${rule})${reason ? `: ${reason}` : '.'}`;
    case 'timeout':
      return `Portcullis: ${subject} needed a person's approval (rule ${rule}) and no one answered in time; it was not forwarded. Try again later.`;
    default:
      return `Portcullis: the approval request for ${subject} was withdrawn (${reason ?? 'cancelled'}); it was not forwarded.`;
  }
}
