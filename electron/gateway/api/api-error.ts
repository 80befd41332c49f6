// Errors the Api reports to a UI: a code the bindings map to HTTP statuses, and a clear message.
import type { ApiErrorBody } from '../../../shared/api.js';

export type ApiErrorCode = ApiErrorBody['error']['code'];

export class ApiError extends Error {
  constructor(readonly code: ApiErrorCode, message: string, readonly issues?: { path: string; message: string }[]) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError('not-found', what);

/** Admin helpers throw plain Errors with user-facing messages; classify them for the wire. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = (error as Error)?.message ?? String(error);
  if (/^no (server|grant|pending approval) /.test(message) || /not in the catalog/.test(message)) return new ApiError('not-found', message);
  if (/already exists/.test(message)) return new ApiError('conflict', message);
  if (/is not valid|must be|needs a|not a valid/.test(message)) return new ApiError('invalid-input', message);
  return new ApiError('internal', message);
}

export function httpStatusOf(code: ApiErrorCode): number {
  return { 'invalid-input': 400, unauthorized: 401, 'not-found': 404, conflict: 409, internal: 500 }[code];
}
