// The one interception point between a downstream session and its upstream.
// Every request but ping and initialize passes it: tools/list, resources/list,
// resources/templates/list and prompts/list are filtered here, tools/call is admitted here,
// and so is every other request, either way (the client's resources/read, prompts/get,
// completion, logging; the server's sampling, elicitation, roots). Notifications that carry
// data (resource updates, log messages) are let through or dropped here. Policy, pinning,
// approvals and the call log plug in behind this interface; the session knows nothing about them.
import type { CallToolResult, Implementation, Notification, Tool } from '@modelcontextprotocol/sdk/types.js';

export interface SessionContext {
  serverId: string;
  grant: string;
  sessionId: string;
  clientInfo?: Implementation;
}

export interface CallContext extends SessionContext {
  /** The name the client called the tool by, when not its own (the aggregate endpoint's `server__tool`). */
  calledAs?: string;
  /** Aborted when the downstream cancels the request or disconnects. */
  signal: AbortSignal;
  /** Present when the client sent a progress token: lets a held call keep the client's timeout alive. */
  sendProgress?: (message: string) => Promise<void>;
  /** Present when the client declared the elicitation capability: asks its user (elicitation/create, on this request's stream). */
  elicit?: (params: Record<string, unknown>, signal: AbortSignal) => Promise<Record<string, unknown>>;
}

export type UpstreamOutcome =
  /** resultBytes: the result's size as sent downstream (undefined when it never went out). */
  | { status: 'ok' | 'tool-error'; result: CallToolResult; upstreamMs: number; resultBytes?: number }
  | { status: 'protocol-error' | 'timeout'; error: { code: number; message: string }; upstreamMs: number };

export type Admission =
  | {
      proceed: true;
      /** Called once the call has gone upstream: bookkeeping that can wait runs then, off the call's path. */
      forwarded?(): void;
      /** Called once the upstream has answered (or failed). */
      finish(outcome: UpstreamOutcome): void;
    }
  | { proceed: false; result: CallToolResult };

/** Why a tools/call was refused before the gate was asked (see gated-call.ts). */
export interface CallProblem {
  /** `malformed`: name not a string or arguments not an object; `unlisted`: not a tool the session's upstream listed. */
  kind: 'malformed' | 'unlisted';
  message: string;
}

/** tools/list and tools/call. */
export interface ToolGate {
  filterTools(ctx: SessionContext, tools: Tool[]): Tool[];
  admitCall(ctx: CallContext, name: string, args: Record<string, unknown>): Promise<Admission>;
  /** Logs a call refused before admission; returns what the client is told for an `unlisted` one. */
  refuseCall?(ctx: SessionContext, name: string, args: Record<string, unknown>, problem: CallProblem): CallToolResult | undefined;
}

/** What a list holds: resources (by uri), resource templates (by uriTemplate), prompts (by name). */
export type ListKind = 'resources' | 'resourceTemplates' | 'prompts';

/** A request other than tools/call, from the client or (sampling, elicitation, roots) from the server. */
export interface GovernedRequest {
  method: string;
  /** The resource (URI) or prompt (name) it is about: for completion, the one it completes. */
  target?: { kind: 'resource' | 'prompt'; name: string };
  /** How the client named the target, when not its own name (`server__prompt` on the aggregate endpoint). */
  calledAs?: string;
  params?: Record<string, unknown>;
}

export type RequestOutcome =
  | { status: 'ok'; upstreamMs: number }
  | { status: 'protocol-error' | 'timeout'; error: { code: number; message: string }; upstreamMs: number };

export type RequestAdmission =
  | { proceed: true; finish(outcome: RequestOutcome): void }
  /** A JSON-RPC error for whoever sent the request: it names the rule and why. */
  | { proceed: false; error: { code: number; message: string; data?: unknown } };

/** Everything else that reaches a server or comes from one. */
export interface RequestGate {
  /** The list's items the policy shows. */
  filterList<T extends Record<string, unknown>>(ctx: SessionContext, kind: ListKind, items: T[]): T[];
  /** ctx.serverId is the server the request goes to, or (server-to-client requests) comes from. */
  admitRequest(ctx: CallContext, request: GovernedRequest): Promise<RequestAdmission>;
  /** Whether a notification from the server may reach the client. */
  passNotification(ctx: SessionContext, notification: Notification): boolean;
}

export interface CallGate extends ToolGate, RequestGate {}

/** One gate from a tool gate and a request gate. */
export function combineGates(tools: ToolGate, requests: RequestGate): CallGate {
  // Bound methods, not wrappers: tools/call pays no extra call for the combination.
  return {
    filterTools: tools.filterTools.bind(tools),
    admitCall: tools.admitCall.bind(tools),
    ...(tools.refuseCall ? { refuseCall: tools.refuseCall.bind(tools) } : {}),
    filterList: requests.filterList.bind(requests),
    admitRequest: requests.admitRequest.bind(requests),
    passNotification: requests.passNotification.bind(requests),
  };
}

/** Lets everything through: the gateway's behaviour with no policy layer. */
export const openGate: CallGate = {
  filterTools: (_ctx, tools) => tools,
  admitCall: async () => ({ proceed: true, finish: () => undefined }),
  filterList: (_ctx, _kind, items) => items,
  admitRequest: async () => ({ proceed: true, finish: () => undefined }),
  passNotification: () => true,
};
