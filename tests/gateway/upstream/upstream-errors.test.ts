import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../electron/gateway/util/json-rpc-error.js';
import { toDownstreamError } from '../../../electron/gateway/upstream/upstream-errors.js';

describe('toDownstreamError', () => {
  it('masks secrets a transport quotes in its message (the URL it failed on)', () => {
    const error = toDownstreamError(new Error('MCP error -32000: Error POSTing to https://mcp.example/mcp?api_key=abc123&v=2: fetch failed (Authorization: Bearer tok-1234567890abcdef)'));
    // An Authorization line is masked to its end: its scheme and parameters are all credential.
    expect(error.message).toBe('Error POSTing to https://mcp.example/mcp?api_key=***&v=2: fetch failed (Authorization: ***');
    expect(error.code).toBe(ErrorCodes.internal);
  });

  it('keeps a message without secrets as it is, and the code and data', () => {
    const error = toDownstreamError(Object.assign(new Error('socket hang up'), { code: -32001, data: { retry: true } }));
    expect([error.message, error.code, error.data]).toEqual(['socket hang up', -32001, { retry: true }]);
  });
});
