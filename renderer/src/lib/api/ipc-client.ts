// The Api inside Electron: the preload's `window.portcullis`, which already has every
// method and `subscribe`. Errors crossing IPC arrive as plain Errors whose message
// Electron prefixes; they are turned into ApiErrors so the UI handles both hosts alike.
import type { ApiMethod, PortcullisApi, PortcullisClient } from '../../../../shared/api.js';
import { ApiError, apiErrorFromResponse } from './api-error.js';
import type { AppClient } from './connection.js';
import { API_METHOD_NAMES } from './methods.js';

const IPC_PREFIX = /^Error invoking remote method '[^']*': (?:\w*Error: )?/;

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error !== null && typeof error === 'object' && 'error' in error) return apiErrorFromResponse(400, error);
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const known = ['invalid-input', 'not-found', 'conflict', 'unauthorized', 'internal'] as const;
  const issues = (error as { issues?: unknown } | null)?.issues;
  return new ApiError(
    message.replace(IPC_PREFIX, ''),
    known.find((k) => k === code) ?? 'internal',
    Array.isArray(issues) ? issues : [],
  );
}

export function createIpcClient(raw: PortcullisClient): AppClient {
  const methods = {} as Record<ApiMethod, (input?: unknown) => Promise<unknown>>;
  for (const method of API_METHOD_NAMES) {
    const fn = raw[method] as (input: unknown) => Promise<unknown>;
    methods[method] = async (input?: unknown) => {
      try {
        return await fn(input ?? {});
      } catch (error) {
        throw toApiError(error);
      }
    };
  }
  return {
    ...(methods as unknown as PortcullisApi),
    transport: 'ipc',
    subscribe: (listener) => raw.subscribe(listener),
    onConnection: (listener) => {
      listener({ state: 'open', resumed: false });
      return () => undefined;
    },
  };
}
