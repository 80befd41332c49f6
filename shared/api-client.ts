// One way to build a client of the Api contract: every method of shared/api-names.ts over
// one `call` function, plus the event subscription. The preload's bridge (IPC), the
// renderer's HTTP and IPC clients and the CLI (HTTP) differ only in the `call` they pass
// (and in how they deliver events, which each adds beside the methods).
import type { ApiMethod, PortcullisApi } from './api.js';
import { API_METHOD_NAMES } from './api-names.js';

export type ApiCall = (method: ApiMethod, input: unknown) => Promise<unknown>;

/** The header the CLI names itself with on its admin-token requests (the host records it as the actor). */
export const ACTOR_HEADER = 'x-portcullis-actor';

export function createApiClient(call: ApiCall): PortcullisApi {
  const methods: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const method of API_METHOD_NAMES) methods[method] = (input?: unknown) => call(method, input ?? {});
  return methods as unknown as PortcullisApi;
}
