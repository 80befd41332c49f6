// The one error the Api reports: a code (which the bindings map to an HTTP status or an
// IPC envelope) and a clear message. Domain code throws it with the code it means, so no
// binding ever guesses a code from a message's wording. No zod: the renderer imports it.
import type { ApiErrorBody } from './api.js';
import type { PolicyIssue } from './policy/types.js';

export type ApiErrorCode = ApiErrorBody['error']['code'];

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: PolicyIssue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string) => new ApiError('not-found', what);
export const conflict = (what: string) => new ApiError('conflict', what);
export const invalidInput = (what: string, issues?: PolicyIssue[]) => new ApiError('invalid-input', what, issues);

/** Anything else that escaped a method is a fault of ours: 'internal', message kept. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError('internal', error instanceof Error ? error.message : String(error));
}

export function toErrorBody(error: ApiError): ApiErrorBody {
  return { error: { message: error.message, code: error.code, ...(error.issues ? { issues: error.issues } : {}) } };
}

export function httpStatusOf(code: ApiErrorCode): number {
  return { 'invalid-input': 400, unauthorized: 401, 'not-found': 404, conflict: 409, internal: 500 }[code];
}
