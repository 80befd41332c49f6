// The Api inside Electron: the preload's `window.portcullis`, which already has every
// method and `subscribe`. Errors crossing IPC arrive as plain Errors whose message
// Electron prefixes; they are turned into ApiErrors so the UI handles both hosts alike.
import type { ApiMethod, PortcullisClient } from '../../../../shared/api.js';
import { createApiClient } from '../../../../shared/api-client.js';
import { ApiError, apiErrorFromResponse } from './api-error.js';
import type { AppClient } from './connection.js';

const IPC_PREFIX = /^Error invoking remote method '[^']*': (?:\w*Error: )?/;

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error !== null && typeof error === 'object' && 'error' in error) return apiErrorFromResponse(400, error);
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const known = ['invalid-input', 'not-found', 'conflict', 'unauthorized', 'internal'] as const;
  const issues = (error as { issues?: unknown } | null)?.issues;
  return new ApiError(known.find((k) => k === code) ?? 'internal', message.replace(IPC_PREFIX, ''), Array.isArray(issues) ? issues : []);
}

export function createIpcClient(raw: PortcullisClient): AppClient {
  const call = async (method: ApiMethod, input: unknown) => {
    try {
      return await (raw[method] as (input: unknown) => Promise<unknown>)(input);
    } catch (error) {
      throw toApiError(error);
    }
  };
  return {
    ...createApiClient(call),
    subscribe: (listener) => raw.subscribe(listener),
    transport: 'ipc',
    onConnection: (listener) => {
      listener({ state: 'open', resumed: false });
      return () => undefined;
    },
  };
}
