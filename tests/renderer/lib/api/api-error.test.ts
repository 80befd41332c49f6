// The words a person reads for an error: an ApiError's message with its first issue's path (or
// "input" when the issue has none), any other Error's message, anything else as text.
import { describe, expect, it } from 'vitest';
import { ApiError as SharedApiError } from '../../../../shared/api-error.js';
import { ApiError, apiErrorFromResponse, describeError } from '../../../../renderer/src/lib/api/api-error.js';

describe('describeError', () => {
  it('describes errors with their first issue', () => {
    expect(describeError(new ApiError('invalid-input', 'invalid input', [{ path: 'port', message: 'too big' }]))).toBe('invalid input (port: too big)');
    expect(describeError('plain')).toBe('plain');
  });

  it('names the input itself when the first issue has no path, and shows only the first issue', () => {
    expect(describeError(new ApiError('invalid-input', 'bad', [{ path: '', message: 'must be an object' }, { path: 'x', message: 'later' }]))).toBe('bad (input: must be an object)');
  });

  it('an ApiError without issues is its message; any Error its message; anything else as text', () => {
    expect(describeError(new ApiError('not-found', 'not found: server x'))).toBe('not found: server x');
    expect(describeError(new TypeError('fetch failed'))).toBe('fetch failed');
    expect(describeError(42)).toBe('42');
  });
});

it('is the one ApiError of the contract, so an error from either binding is recognised', () => {
  expect(ApiError).toBe(SharedApiError);
  const error = apiErrorFromResponse(404, { error: { code: 'not-found', message: 'no such grant' } });
  expect(error).toBeInstanceOf(ApiError);
  expect(describeError(error)).toBe('no such grant');
});
