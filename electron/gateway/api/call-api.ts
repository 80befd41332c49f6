// The one door into the core: every caller (IPC, the headless host, the tray, a
// notification, the CLI in-process) reaches the Api through here, so each call's input
// is checked against the contract's schema and each carries who is acting.
import type { ApiCallContext, ApiMethod, ApiResult, PortcullisApi } from '../../../shared/api.js';
import { invalidInput } from '../../../shared/api-error.js';
import { API_METHOD_NAMES } from '../../../shared/api-names.js';
import { parseApiInput } from '../../../shared/api-schema.js';

export function callApi<M extends ApiMethod>(api: PortcullisApi, method: M, input: unknown, context: ApiCallContext): Promise<ApiResult<M>> {
  const parsed = parseApiInput(method, input);
  if (!parsed.ok) {
    const what = parsed.issues.map((i) => `${i.path || '(input)'}: ${i.message}`).join('; ');
    return Promise.reject(invalidInput(`invalid input for ${method}: ${what}`, parsed.issues));
  }
  const run = api[method] as (input: unknown, context: ApiCallContext) => Promise<ApiResult<M>>;
  return run(parsed.value, context);
}

/** The Api as one actor sees it: the same core, each call through `callApi` with that actor. */
export function actingAs(api: PortcullisApi, actor: ApiCallContext['actor']): PortcullisApi {
  const context: ApiCallContext = { actor };
  const methods: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const method of API_METHOD_NAMES) methods[method] = (input?: unknown) => callApi(api, method, input ?? {}, context);
  return methods as unknown as PortcullisApi;
}
