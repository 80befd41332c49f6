// ApiError and its conversions: the code survives every hop (core → HTTP/IPC body → client).
import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorFromResponse, conflict, httpStatusOf, invalidInput, notFound, toApiError, toErrorBody } from '../../shared/api-error.js';

const issue = { path: 'tools.x.action', message: "expected allow, deny or approve, got 'alow'" };

describe('ApiError', () => {
  it('carries code, message, issues (none by default) and an optional status', () => {
    const error = new ApiError('conflict', 'server memory exists', undefined, 409);
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.code, error.message, error.issues, error.status]).toEqual(['ApiError', 'conflict', 'server memory exists', [], 409]);
  });

  it('has helpers for the common domain codes', () => {
    expect([notFound('a').code, conflict('b').code, invalidInput('c', [issue]).code]).toEqual(['not-found', 'conflict', 'invalid-input']);
    expect(invalidInput('c', [issue]).issues).toEqual([issue]);
  });
});

describe('toApiError', () => {
  it('keeps an ApiError as it is and makes anything else internal with its message', () => {
    const known = notFound('no such grant');
    expect(toApiError(known)).toBe(known);
    expect(toApiError(new TypeError('x is undefined'))).toMatchObject({ code: 'internal', message: 'x is undefined' });
    expect(toApiError('plain text')).toMatchObject({ code: 'internal', message: 'plain text' });
  });
});

describe('toErrorBody', () => {
  it('writes the code and message, and the issues only when there are some', () => {
    expect(toErrorBody(notFound('gone'))).toEqual({ error: { message: 'gone', code: 'not-found' } });
    expect(toErrorBody(invalidInput('bad policy', [issue]))).toEqual({ error: { message: 'bad policy', code: 'invalid-input', issues: [issue] } });
  });

  it('never answers the client-side code network (it is not one of the core’s)', () => {
    expect(toErrorBody(new ApiError('network', 'unreachable')).error.code).toBe('internal');
  });
});

describe('httpStatusOf', () => {
  it('maps each code to its status', () => {
    expect(['invalid-input', 'unauthorized', 'not-found', 'conflict', 'internal', 'network'].map((c) => httpStatusOf(c as never))).toEqual([400, 401, 404, 409, 500, 502]);
  });
});

describe('apiErrorFromResponse', () => {
  it('rebuilds the error from an error body, status kept', () => {
    const error = apiErrorFromResponse(400, { error: { message: 'bad policy', code: 'invalid-input', issues: [issue] } });
    expect(error).toMatchObject({ code: 'invalid-input', message: 'bad policy', issues: [issue], status: 400 });
  });

  it('takes internal when the body names no code, and ignores issues that are not a list', () => {
    expect(apiErrorFromResponse(500, { error: { message: 'boom', issues: 'nope' } })).toMatchObject({ code: 'internal', issues: [] });
  });

  it('guesses the code from the status when the body is not an error body', () => {
    const codes = [401, 403, 404, 409, 413, 502].map((status) => apiErrorFromResponse(status, '<html>proxy error</html>').code);
    expect(codes).toEqual(['unauthorized', 'unauthorized', 'not-found', 'conflict', 'invalid-input', 'internal']);
    expect(apiErrorFromResponse(502, null).message).toBe('the gateway answered 502');
    expect(apiErrorFromResponse(500, { error: { message: 42 } }).message).toBe('the gateway answered 500');
  });
});
