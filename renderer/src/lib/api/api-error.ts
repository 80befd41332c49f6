// The error every client throws for a refused or failed Api call, whichever binding
// carried it (HTTP body `{ error }`, or an Error thrown across Electron IPC).
import type { ApiErrorBody } from '../../../../shared/api.js';
import type { PolicyIssue } from '../../../../shared/policy/types.js';

export type ApiErrorCode = ApiErrorBody['error']['code'] | 'network';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: ApiErrorCode,
    readonly issues: PolicyIssue[] = [],
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (value === null || typeof value !== 'object') return false;
  const error = (value as { error?: unknown }).error;
  return error !== null && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string';
}

/** An ApiError from an HTTP error response's status and (possibly non-JSON) body. */
export function apiErrorFromResponse(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    const { message, code, issues } = body.error;
    return new ApiError(message, code ?? 'internal', Array.isArray(issues) ? issues : [], status);
  }
  const code: ApiErrorCode = status === 401 || status === 403 ? 'unauthorized' : status === 404 ? 'not-found' : status === 409 ? 'conflict' : status < 500 ? 'invalid-input' : 'internal';
  return new ApiError(`the gateway answered ${status}`, code, [], status);
}

/** What a person reads in a toast: the message plus the first issue's path. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const first = error.issues[0];
    return first ? `${error.message} (${first.path || 'input'}: ${first.message})` : error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
