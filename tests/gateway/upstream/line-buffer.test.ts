import { describe, expect, test, vi } from 'vitest';
import { LineBuffer, parseJsonRpcLine } from '../../../electron/gateway/upstream/line-buffer.js';

describe('LineBuffer', () => {
  test('splits lines across and within chunks, keeping multi-byte characters whole', () => {
    const buffer = new LineBuffer(1024);
    const text = Buffer.from('{"a":"é"}\n{"b":1}\r\n{"c":');
    expect(buffer.feed(text.subarray(0, 7))).toEqual([]);
    expect(buffer.feed(text.subarray(7))).toEqual(['{"a":"é"}', '{"b":1}']);
    expect(buffer.feed(Buffer.from('2}\n'))).toEqual(['{"c":2}']);
  });

  test('a CRLF split between two chunks, and a bare CRLF line, give no stray characters', () => {
    const buffer = new LineBuffer(1024);
    expect(buffer.feed(Buffer.from('{"d":1}\r'))).toEqual([]);
    expect(buffer.feed(Buffer.from('\n\r\n{"e":2}\n'))).toEqual(['{"d":1}', '', '{"e":2}']);
  });

  test('a line past the limit throws and the buffer starts afresh', () => {
    const buffer = new LineBuffer(10);
    expect(() => buffer.feed(Buffer.from('x'.repeat(11)))).toThrow(/exceeds the limit of 10 bytes/);
    expect(buffer.feed(Buffer.from('ok\n'))).toEqual(['ok']);
  });

  test('a 20 MB line in 64 KB chunks is joined once, not once per chunk', () => {
    const buffer = new LineBuffer(64 * 1024 * 1024);
    const chunk = Buffer.alloc(64 * 1024, 0x78);
    // Counted, not timed: a join per chunk (the SDK's ReadBuffer) is the quadratic case.
    const concat = vi.spyOn(Buffer, 'concat');
    try {
      for (let i = 0; i < 320; i++) expect(buffer.feed(chunk)).toEqual([]);
      const [line] = buffer.feed(Buffer.from('\n'));
      expect(line!.length).toBe(320 * 64 * 1024);
      expect(concat).toHaveBeenCalledTimes(1);
    } finally {
      concat.mockRestore();
    }
  });
});

describe('parseJsonRpcLine', () => {
  test('accepts JSON-RPC 2.0 objects and refuses the rest', () => {
    expect(parseJsonRpcLine('{"jsonrpc":"2.0","id":1,"result":{}}')).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
    expect(() => parseJsonRpcLine('starting server...')).toThrow();
    expect(() => parseJsonRpcLine('{"id":1}')).toThrow(/not a JSON-RPC 2.0 message/);
  });
});
