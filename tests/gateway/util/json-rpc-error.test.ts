// The gateway's own JSON-RPC errors: the codes it uses and the Error the SDK serialises verbatim.
import { describe, expect, it } from 'vitest';
import { DownstreamError, ErrorCodes } from '../../../electron/gateway/util/json-rpc-error.js';

describe('ErrorCodes', () => {
  it('are the JSON-RPC codes clients already know (server-defined -32000/-32001, internal -32603)', () => {
    expect(ErrorCodes).toEqual({ connectionClosed: -32000, requestTimeout: -32001, internal: -32603 });
  });
});

describe('DownstreamError', () => {
  it('keeps code, message and data as given, unprefixed, and is an Error', () => {
    const error = new DownstreamError(ErrorCodes.requestTimeout, 'upstream took too long', { serverId: 'srv' });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(-32001);
    expect(error.message).toBe('upstream took too long');
    expect(error.data).toEqual({ serverId: 'srv' });
  });

  it('has no data unless one is given', () => {
    expect(new DownstreamError(ErrorCodes.internal, 'x').data).toBeUndefined();
  });
});
