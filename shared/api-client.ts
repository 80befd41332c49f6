// One way to build a client of the Api contract: every method of shared/api-names.ts over
// one `call` function, plus the event subscription. The preload's bridge (IPC), the
// renderer's HTTP and IPC clients and the CLI (HTTP) differ only in the `call` they pass
// (and in how they deliver events, which each adds beside the methods).
import type { ApiMethod, PortcullisApi } from './api.js';
import { API_METHOD_NAMES } from './api-names.js';

export type ApiCall = (method: ApiMethod, input: unknown) => Promise<unknown>;

export function createApiClient(call: ApiCall): PortcullisApi {
  const methods: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const method of API_METHOD_NAMES) methods[method] = (input?: unknown) => call(method, input ?? {});
  return methods as unknown as PortcullisApi;
}
