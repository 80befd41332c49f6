// An AppClient for store tests: every Api method answers from `answers` (counting calls),
// `emit` delivers a live event to the subscribers, as the gateway would, and `connect`
// reports a change of the event stream's state (a drop, a resume).
import type { ApiEventListener, ApiEventName, ApiEvents, ApiMethod, PortcullisApi } from '../../../shared/api.js';
import { createApiClient } from '../../../shared/api-client.js';
import type { AppClient, ConnectionChange } from '../../../renderer/src/lib/api/connection.js';

export type FakeAnswers = Partial<{ [M in ApiMethod]: (input: Parameters<PortcullisApi[M]>[0]) => unknown }>;

export interface FakeClient extends AppClient {
  calls: ApiMethod[];
  /** Each call's method and input, in order. */
  inputs: [ApiMethod, unknown][];
  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void;
  connect(change: ConnectionChange): void;
  /** How many calls of `method` were made. */
  count(method: ApiMethod): number;
}

export function fakeClient(answers: FakeAnswers): FakeClient {
  const listeners = new Set<ApiEventListener>();
  const connectionListeners = new Set<(change: ConnectionChange) => void>();
  const calls: ApiMethod[] = [];
  const inputs: [ApiMethod, unknown][] = [];
  const api = createApiClient(async (method, input) => {
    calls.push(method);
    inputs.push([method, input]);
    const answer = answers[method] as ((input: unknown) => unknown) | undefined;
    if (!answer) throw new Error(`no fake answer for ${method}`);
    return answer(input);
  });
  return {
    ...api,
    calls,
    inputs,
    transport: 'ipc',
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConnection: (listener) => {
      connectionListeners.add(listener);
      listener({ state: 'open', resumed: false });
      return () => connectionListeners.delete(listener);
    },
    emit: (event, payload) => {
      for (const listener of listeners) listener(event, payload);
    },
    connect: (change) => {
      for (const listener of connectionListeners) listener(change);
    },
    count: (method) => calls.filter((m) => m === method).length,
  };
}
