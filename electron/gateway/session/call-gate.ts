// The one interception point between a downstream session and its upstream.
// The session forwards everything unchanged except tools/list (filtered here)
// and tools/call (admitted here). Policy, pinning, approvals and the call log
// plug in behind this interface; the session knows nothing about them.
import type { CallToolResult, Implementation, Tool } from '@modelcontextprotocol/sdk/types.js';

export interface SessionContext {
  serverId: string;
  grant: string;
  sessionId: string;
  clientInfo?: Implementation;
}

export interface CallContext extends SessionContext {
  /** Aborted when the downstream cancels the request or disconnects. */
  signal: AbortSignal;
  /** Present when the client sent a progress token: lets a held call keep the client's timeout alive. */
  sendProgress?: (message: string) => Promise<void>;
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

export interface CallGate {
  filterTools(ctx: SessionContext, tools: Tool[]): Tool[];
  admitCall(ctx: CallContext, name: string, args: Record<string, unknown>): Promise<Admission>;
  /** Logs a call refused before admission; returns what the client is told for an `unlisted` one. */
  refuseCall?(ctx: SessionContext, name: string, args: Record<string, unknown>, problem: CallProblem): CallToolResult | undefined;
}

/** Lets everything through: the gateway's behaviour with no policy layer. */
export const openGate: CallGate = {
  filterTools: (_ctx, tools) => tools,
  admitCall: async () => ({ proceed: true, finish: () => undefined }),
};
