// tools/call through the CallGate: admit (policy, pinning, approval), forward, then tell the
// gate how the upstream answered so the call log has the outcome and the upstream time.
import type { CallToolResult, Implementation, JSONRPCRequest, ProgressToken } from '@modelcontextprotocol/sdk/types.js';
import type { CallContext, CallGate, SessionContext, UpstreamOutcome } from './call-gate.js';
import type { DownstreamExtra } from './downstream-channel.js';
import { NeedsSignInError, needsSignInToolResult } from '../upstream/oauth/index.js';

export interface ToolCallTarget {
  /** The tool's name on its own server (the aggregate endpoint strips its namespace first). */
  name: string;
  context: SessionContext;
  forward(): Promise<Record<string, unknown>>;
}

export function toolCallArguments(request: JSONRPCRequest): { name: string; args: Record<string, unknown> } {
  const params = (request.params ?? {}) as { name?: unknown; arguments?: unknown };
  const args = params.arguments;
  return {
    name: typeof params.name === 'string' ? params.name : '',
    args: typeof args === 'object' && args !== null && !Array.isArray(args) ? (args as Record<string, unknown>) : {},
  };
}

export async function gatedToolCall(gate: CallGate, request: JSONRPCRequest, extra: DownstreamExtra, target: ToolCallTarget): Promise<Record<string, unknown>> {
  const { args } = toolCallArguments(request);
  const admission = await gate.admitCall(new ToolCallContext(target.context, extra, request.params?._meta?.progressToken), target.name, args);
  if (!admission.proceed) return admission.result as Record<string, unknown>;

  const started = performance.now();
  // A result is logged once it has gone out: the log then has its exact size without
  // serialising it a second time, and its bookkeeping is off the answer's path.
  const answered = (outcome: Extract<UpstreamOutcome, { result: unknown }>) => {
    extra.whenAnswered((resultBytes) => {
      outcome.resultBytes = resultBytes; // the outcome is this call's own object: no copy per call
      admission.finish(outcome);
    });
    return outcome.result as Record<string, unknown>;
  };
  try {
    const answer = target.forward();
    admission.forwarded?.();
    const result = (await answer) as CallToolResult;
    const upstreamMs = performance.now() - started;
    return answered({ status: result.isError === true ? 'tool-error' : 'ok', result, upstreamMs, resultBytes: undefined });
  } catch (error) {
    if (error instanceof NeedsSignInError) return answered({ status: 'tool-error', result: needsSignInToolResult(error), upstreamMs: performance.now() - started, resultBytes: undefined });
    const code = typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -32603;
    admission.finish({ status: code === -32001 ? 'timeout' : 'protocol-error', error: { code, message: (error as Error).message }, upstreamMs: performance.now() - started });
    throw error;
  }
}

/** What the gate knows of one call: its session, and its downstream request's cancellation and progress. */
class ToolCallContext implements CallContext {
  readonly serverId: string;
  readonly grant: string;
  readonly sessionId: string;
  readonly clientInfo?: Implementation;
  readonly sendProgress?: (message: string) => Promise<void>;

  constructor(
    session: SessionContext,
    private readonly extra: DownstreamExtra,
    progressToken: ProgressToken | undefined,
  ) {
    this.serverId = session.serverId;
    this.grant = session.grant;
    this.sessionId = session.sessionId;
    this.clientInfo = session.clientInfo;
    if (progressToken !== undefined) {
      this.sendProgress = (message) => extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: 0, message } });
    }
  }

  /** Read only when a call is held for approval: most calls never make the AbortController. */
  get signal(): AbortSignal {
    return this.extra.signal;
  }
}
