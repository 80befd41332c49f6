// What the window does with an Api error: the one ApiError (shared/api-error.ts), whichever
// binding carried it (HTTP body `{ error }`, or an Error thrown across Electron IPC), and the
// words a person reads for any error.
import { ApiError } from '../../../../shared/api-error.js';

export { ApiError, apiErrorFromResponse, type ClientErrorCode as ApiErrorCode } from '../../../../shared/api-error.js';

/** What a person reads in a toast: the message plus the first issue's path. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const first = error.issues[0];
    return first ? `${error.message} (${first.path || 'input'}: ${first.message})` : error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
