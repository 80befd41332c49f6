// The object the preload exposes as `window.portcullis`: every Api method over its own
// invoke channel, plus `subscribe` to the one event channel. Nothing else — no generic
// invoke or on(channel) — so a compromised page can reach only what the UI can.
import type { ApiEventListener, ApiEventName, ApiEvents, ApiMethod, PortcullisClient } from '../../shared/api.js';
import { createApiClient } from '../../shared/api-client.js';
import { API_EVENT_CHANNEL, apiCallChannel, isIpcCallResult } from '../../shared/ipc-channels.js';

/** The part of `ipcRenderer` the bridge uses (typed loosely so tests can pass a fake). */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createBridge(ipc: RendererIpc): PortcullisClient {
  const call = async (method: ApiMethod, input: unknown) => {
    const answer = await ipc.invoke(apiCallChannel(method), input);
    if (!isIpcCallResult(answer)) throw new Error(`Portcullis: malformed answer on ${apiCallChannel(method)}`);
    if (answer.ok) return answer.value;
    // A plain { error } object: the renderer's client reads code and issues from it.
    return Promise.reject({ error: answer.error });
  };
  const subscribe = (listener: ApiEventListener): (() => void) => {
    const relay = (_event: unknown, name: unknown, payload: unknown) => {
      if (typeof name === 'string') listener(name as ApiEventName, payload as ApiEvents[ApiEventName]);
    };
    ipc.on(API_EVENT_CHANNEL, relay);
    return () => {
      ipc.removeListener(API_EVENT_CHANNEL, relay);
    };
  };
  return { ...createApiClient(call), subscribe };
}
