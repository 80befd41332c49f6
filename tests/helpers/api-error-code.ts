// What a call's failure says as an Api error code ('resolved' when it did not fail): tests
// compare codes, since no binding (HTTP, IPC, CLI) may guess a code from a message's wording.
import { ApiError } from '../../shared/api-error.js';

export const apiErrorCodeOf = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof ApiError ? error.code : `not an ApiError: ${String(error)}`),
  );
