// An AppClient for store tests: every Api method answers from `answers` (counting calls),
// and `emit` delivers a live event to the subscribers, as the gateway would.
import type { ApiEventListener, ApiEventName, ApiEvents, ApiMethod, PortcullisApi } from '../../../shared/api.js';
import { createApiClient } from '../../../shared/api-client.js';
import type { AppClient } from '../../../renderer/src/lib/api/connection.js';

export interface FakeClient extends AppClient {
  calls: ApiMethod[];
  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void;
}

export function fakeClient(answers: Partial<{ [M in ApiMethod]: (input: Parameters<PortcullisApi[M]>[0]) => unknown }>): FakeClient {
  const listeners = new Set<ApiEventListener>();
  const calls: ApiMethod[] = [];
  const api = createApiClient(async (method, input) => {
    calls.push(method);
    const answer = answers[method] as ((input: unknown) => unknown) | undefined;
    if (!answer) throw new Error(`no fake answer for ${method}`);
    return answer(input);
  });
  return {
    ...api,
    calls,
    transport: 'ipc',
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConnection: (listener) => {
      listener({ state: 'open', resumed: false });
      return () => undefined;
    },
    emit: (event, payload) => {
      for (const listener of listeners) listener(event, payload);
    },
  };
}
