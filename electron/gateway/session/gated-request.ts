// Requests other than tools/call through the CallGate: which list a method returns (filtered),
// what a request is about (its target), and running an admitted request so the gate hears how
// it ended. Used for the client's requests and for the server's (sampling, elicitation, roots).
import type { JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import type { CallGate, GovernedRequest, ListKind, RequestAdmission, SessionContext } from '../gate/call-gate.js';
import type { DownstreamExtra } from './downstream-channel.js';
import { DownstreamCallContext } from './downstream-call-context.js';
import { DownstreamError, ErrorCodes } from '../util/json-rpc-error.js';

/** The list methods, the key of their items, and which kind of list the gate filters. */
export const LIST_METHODS: Readonly<Record<string, { key: string; kind: ListKind }>> = Object.freeze({
  'resources/list': { key: 'resources', kind: 'resources' },
  'resources/templates/list': { key: 'resourceTemplates', kind: 'resourceTemplates' },
  'prompts/list': { key: 'prompts', kind: 'prompts' },
});

export function listMethod(method: string): { key: string; kind: ListKind } | undefined {
  return Object.hasOwn(LIST_METHODS, method) ? LIST_METHODS[method] : undefined;
}

/** Filters a list result's items in place (a result without a list is left as it is). */
export function filterListResult(gate: CallGate, ctx: SessionContext, list: { key: string; kind: ListKind }, result: Record<string, unknown>): Record<string, unknown> {
  const items = result[list.key];
  if (Array.isArray(items)) result[list.key] = gate.filterList(ctx, list.kind, items as Record<string, unknown>[]);
  return result;
}

/** What a request is about: a resource's URI, a prompt's name, or for completion the prompt or resource it completes. */
export function requestTarget(method: string, params: Record<string, unknown> | undefined): GovernedRequest['target'] {
  switch (method) {
    case 'resources/read':
    case 'resources/subscribe':
    case 'resources/unsubscribe':
      return { kind: 'resource', name: stringOf(params?.uri) };
    case 'prompts/get':
      return { kind: 'prompt', name: stringOf(params?.name) };
    case 'completion/complete': {
      const ref = (params?.ref ?? {}) as { type?: unknown; name?: unknown; uri?: unknown };
      if (ref.type === 'ref/prompt') return { kind: 'prompt', name: stringOf(ref.name) };
      if (ref.type === 'ref/resource') return { kind: 'resource', name: stringOf(ref.uri) };
      return undefined;
    }
    default:
      return undefined;
  }
}

export interface GatedRequestTarget {
  context: SessionContext;
  /** What the request is about, when not as its params say (the aggregate endpoint strips a prompt's namespace). */
  target?: GovernedRequest['target'];
  /** For the aggregate endpoint: the target as the client named it. */
  calledAs?: string;
  forward(): Promise<Record<string, unknown>>;
}

/** A client's request: admitted by the gate (or refused with a JSON-RPC error), then forwarded. */
export async function gatedRequest(gate: CallGate, request: JSONRPCRequest, extra: DownstreamExtra, target: GatedRequestTarget): Promise<Record<string, unknown>> {
  const params = request.params as Record<string, unknown> | undefined;
  const governed: GovernedRequest = { method: request.method, target: target.target ?? requestTarget(request.method, params), params };
  if (target.calledAs !== undefined) governed.calledAs = target.calledAs;
  const admission = await gate.admitRequest(new DownstreamCallContext(target.context, extra, request.params?._meta?.progressToken, undefined), governed);
  return runAdmitted(admission, target.forward);
}

/** Runs what the gate admitted and tells it how it ended; a refusal becomes the JSON-RPC error it carries. */
export async function runAdmitted(admission: RequestAdmission, forward: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
  if (!admission.proceed) throw new DownstreamError(admission.error.code, admission.error.message, admission.error.data);
  const started = performance.now();
  try {
    const result = await forward();
    admission.finish({ status: 'ok', upstreamMs: performance.now() - started });
    return result;
  } catch (error) {
    const code = typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : ErrorCodes.internal;
    admission.finish({ status: code === ErrorCodes.requestTimeout ? 'timeout' : 'protocol-error', error: { code, message: (error as Error).message }, upstreamMs: performance.now() - started });
    throw error;
  }
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
