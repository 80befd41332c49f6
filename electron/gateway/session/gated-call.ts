// tools/call through the CallGate: check that the call is well-formed and names exactly a
// tool its session's upstream listed (session-tools.ts), admit (policy, pinning, approval),
// forward, then tell the gate how the upstream answered so the call log has the outcome and
// the upstream time.
//
// What is forwarded is what was checked: the params object the checks and the gate read is
// the one handed to forward(), and nothing reads the request again in between. A name that is
// not a string, or arguments that are not an object, are refused (invalid params) rather than
// checked as '' or {} and forwarded as they came.
import type { CallToolResult, JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import type { CallContext, CallProblem, SessionContext, ToolGate, UpstreamOutcome } from '../gate/call-gate.js';
import type { DownstreamExtra } from './downstream-channel.js';
import { DownstreamCallContext } from './downstream-call-context.js';
import type { SessionTools } from './session-tools.js';
import { DownstreamError } from '../util/json-rpc-error.js';
import { NeedsSignInError, needsSignInToolResult } from '../upstream/oauth/index.js';

type Params = NonNullable<JSONRPCRequest['params']>;

const INVALID_PARAMS = -32602;
/** How much of a name that matches no tool the refusal and the log repeat. */
const MAX_NAME_SHOWN = 128;

export interface ToolCallTarget {
  /** The tool's name on its own server (the aggregate endpoint strips its namespace first). */
  name: string;
  /** The name the client called it by, when not `name` (the aggregate endpoint's `server__tool`). */
  calledAs?: string;
  context: SessionContext;
  /** The session's current tool lists: the call's name must be in its server's, exactly. */
  tools: SessionTools;
  /** Sends exactly `params` (the checked ones) upstream. */
  forward(params: Params): Promise<Record<string, unknown>>;
  /** Asks the client's user, when the client can be asked (elicitation): an approval may be answered there. */
  elicit?: CallContext['elicit'];
}

export function toolCallArguments(request: JSONRPCRequest): { name: string; args: Record<string, unknown> } {
  const params = (request.params ?? {}) as { name?: unknown; arguments?: unknown };
  const args = params.arguments;
  return {
    name: typeof params.name === 'string' ? params.name : '',
    args: typeof args === 'object' && args !== null && !Array.isArray(args) ? (args as Record<string, unknown>) : {},
  };
}

/** What is wrong with a tools/call's params, or undefined when the name is a string and the arguments an object or absent. */
export function toolCallProblem(params: unknown): string | undefined {
  if (!isObject(params)) return 'tools/call needs params with the tool name';
  if (typeof params.name !== 'string') return `tools/call: params.name must be a string naming a listed tool, not ${describe(params.name)}`;
  if (params.arguments !== undefined && !isObject(params.arguments)) return `tools/call: params.arguments must be an object, not ${describe(params.arguments)}`;
  return undefined;
}

export async function gatedToolCall(gate: ToolGate, request: JSONRPCRequest, extra: DownstreamExtra, target: ToolCallTarget): Promise<Record<string, unknown>> {
  const params = request.params as Params;
  const problem = toolCallProblem(params);
  if (problem !== undefined) {
    const name = isObject(params) ? params.name : undefined;
    gate.refuseCall?.(target.context, typeof name === 'string' ? name : nameForLog(name), {}, { kind: 'malformed', message: problem });
    throw new DownstreamError(INVALID_PARAMS, problem);
  }
  const args = (params.arguments ?? {}) as Record<string, unknown>;

  let names = target.tools.fresh(target.context.serverId);
  if (!names) {
    try {
      names = await target.tools.refresh(target.context.serverId);
    } catch (error) {
      if (error instanceof NeedsSignInError) return needsSignInToolResult(error) as Record<string, unknown>;
      throw error;
    }
  }
  if (!names.has(target.name)) {
    const name = target.name.slice(0, MAX_NAME_SHOWN); // a name no tool has may be anything, of any length
    const refusal: CallProblem = { kind: 'unlisted', message: unlistedMessage(name, target.context.serverId) };
    return (gate.refuseCall?.(target.context, name, args, refusal) ?? toolError(refusal.message)) as Record<string, unknown>;
  }

  const admission = await gate.admitCall(new DownstreamCallContext(target.context, extra, params._meta?.progressToken, target.calledAs, target.elicit), target.name, args);
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
    const answer = target.forward(params);
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

function unlistedMessage(name: string, serverId: string): string {
  return `Unknown tool '${name}': server '${serverId}' lists no tool by that exact name for this session (see tools/list); nothing was sent to it.`;
}

const toolError = (text: string): CallToolResult => ({ content: [{ type: 'text', text }], isError: true });

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A short, safe description of a wrong value for an error message (never the value itself: it may be a secret). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A name that is no string, as the call log shows it: its JSON, cut short. */
function nameForLog(name: unknown): string {
  return (JSON.stringify(name) ?? String(name)).slice(0, MAX_NAME_SHOWN);
}
