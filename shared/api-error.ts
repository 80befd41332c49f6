// The one error the Api reports: a code (which the bindings map to an HTTP status or an
// IPC envelope) and a clear message. Domain code throws it with the code it means, so no
// binding ever guesses a code from a message's wording. No zod: the renderer imports it.
import type { ApiErrorBody } from './api.js';
import type { PolicyIssue } from './policy/types.js';

/** A code the core answers with; a client adds 'network' (the gateway could not be reached at all). */
export type ApiErrorCode = ApiErrorBody['error']['code'];
export type ClientErrorCode = ApiErrorCode | 'network';

export class ApiError extends Error {
  readonly issues: PolicyIssue[];

  constructor(
    readonly code: ClientErrorCode,
    message: string,
    issues?: PolicyIssue[],
    /** The HTTP status the error arrived with, on a client. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiError';
    this.issues = issues ?? [];
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
  const code = error.code === 'network' ? 'internal' : error.code; // never the core's own
  return { error: { message: error.message, code, ...(error.issues.length ? { issues: error.issues } : {}) } };
}

export function httpStatusOf(code: ClientErrorCode): number {
  return { 'invalid-input': 400, unauthorized: 401, 'not-found': 404, conflict: 409, internal: 500, network: 502 }[code];
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (value === null || typeof value !== 'object') return false;
  const error = (value as { error?: unknown }).error;
  return error !== null && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string';
}

/** A client's ApiError from an HTTP error response's status and (possibly non-JSON) body. */
export function apiErrorFromResponse(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    const { message, code, issues } = body.error;
    return new ApiError(code ?? 'internal', message, Array.isArray(issues) ? issues : [], status);
  }
  const code: ApiErrorCode = status === 401 || status === 403 ? 'unauthorized' : status === 404 ? 'not-found' : status === 409 ? 'conflict' : status < 500 ? 'invalid-input' : 'internal';
  return new ApiError(code, `the gateway answered ${status}`, [], status);
}
