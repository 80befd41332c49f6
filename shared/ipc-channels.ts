// The Electron IPC channel map, derived from the one Api contract (shared/api.ts).
//
// Each Api method is one request/response channel `api:<method>`; every live event goes
// down one channel, `api:event`. The main process (ipcMain.handle) and the preload
// (ipcRenderer.invoke) both type their side from this file, so a method added to the
// contract is a compile error here until both sides carry it. No zod: the preload bundle
// imports this file and must stay small.
import type { ApiErrorBody, ApiEventName, ApiEvents, ApiInput, ApiMethod, ApiResult } from './api.js';
import { API_METHOD_NAMES } from './api-names.js';

export const IPC_API_METHODS: readonly ApiMethod[] = API_METHOD_NAMES;

export const API_CALL_PREFIX = 'api:';
export const API_EVENT_CHANNEL = 'api:event';

export type ApiCallChannel<M extends ApiMethod = ApiMethod> = `api:${M}`;

export function apiCallChannel<M extends ApiMethod>(method: M): ApiCallChannel<M> {
  return `${API_CALL_PREFIX}${method}` as ApiCallChannel<M>;
}


/**
 * What a call channel answers. Errors travel as values: Electron keeps only the message of
 * a thrown Error, and the renderer needs the code and the issues' paths too.
 */
export type IpcCallResult<M extends ApiMethod = ApiMethod> = { ok: true; value: ApiResult<M> } | ({ ok: false } & ApiErrorBody);

/** Request/response channels: renderer → main. */
export type IpcCallChannels = { [M in ApiMethod as ApiCallChannel<M>]: { input: ApiInput<M>; result: IpcCallResult<M> } };

/** One-way channels: main → renderer (the arguments after the IPC event). */
export interface IpcEventChannels {
  'api:event': { [E in ApiEventName]: [event: E, payload: ApiEvents[E]] }[ApiEventName];
}

export function isIpcCallResult(value: unknown): value is IpcCallResult {
  if (value === null || typeof value !== 'object' || !('ok' in value)) return false;
  if (value.ok === true) return true;
  return value.ok === false && 'error' in value && value.error !== null && typeof value.error === 'object';
}
