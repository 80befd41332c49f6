import { describe, expect, test } from 'vitest';
import { SseParser, type SseEvent } from '../../electron/cli/server-sent-events.js';

/** Feeds every chunk to one parser and collects all the events it completes. */
function parse(...chunks: string[]): SseEvent[] {
  const parser = new SseParser();
  return chunks.flatMap((chunk) => parser.feed(chunk));
}

describe('SseParser', () => {
  test('completes one event at the blank line that ends it', () => {
    const parser = new SseParser();
    expect(parser.feed('data: {"a":1}\n')).toEqual([]);
    expect(parser.feed('\n')).toEqual([{ event: 'message', data: '{"a":1}' }]);
  });

  test('returns several events from one chunk, in order', () => {
    expect(parse('data: one\n\ndata: two\n\nevent: ping\ndata: three\n\n')).toEqual([
      { event: 'message', data: 'one' },
      { event: 'message', data: 'two' },
      { event: 'ping', data: 'three' },
    ]);
  });

  test('gives the same events wherever the stream is cut in two', () => {
    const stream = ': keepalive\r\nevent: note\r\ndata: {"x":1}\r\n\r\nid: 7\ndata: a\ndata:b\n\ndata: ünïcode ✓\n\n';
    const expected = parse(stream);
    expect(expected).toEqual([
      { event: 'note', data: '{"x":1}' },
      { event: 'message', data: 'a\nb', id: '7' },
      { event: 'message', data: 'ünïcode ✓', id: '7' },
    ]);
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(parse(stream.slice(0, cut), stream.slice(cut)), `cut at ${cut}`).toEqual(expected);
    }
  });

  test('gives the same events when the stream arrives one character at a time', () => {
    const stream = 'event: a\r\ndata: 1\r\n\r\ndata: 2\n\n';
    expect(parse(...stream.split(''))).toEqual([
      { event: 'a', data: '1' },
      { event: 'message', data: '2' },
    ]);
  });

  test('accepts CRLF line endings and keeps no carriage return in the values', () => {
    expect(parse('event: e\r\nid: 3\r\ndata: x\r\ndata: y\r\n\r\n')).toEqual([{ event: 'e', data: 'x\ny', id: '3' }]);
  });

  test('joins multi-line data with a newline', () => {
    expect(parse('data: first\ndata: second\ndata: third\n\n')).toEqual([{ event: 'message', data: 'first\nsecond\nthird' }]);
  });

  test('removes exactly one leading space after the colon, and none when there is none', () => {
    expect(parse('data:tight\n\ndata: spaced\n\ndata:  two spaces\n\n').map((e) => e.data)).toEqual(['tight', 'spaced', ' two spaces']);
  });

  test('ignores comment lines', () => {
    expect(parse(': keepalive\n\n')).toEqual([]);
    expect(parse(': keepalive\ndata: x\n: another\n\n')).toEqual([{ event: 'message', data: 'x' }]);
  });

  test('keeps the event name for its event and resets it after', () => {
    expect(parse('event: custom\ndata: 1\n\ndata: 2\n\n')).toEqual([
      { event: 'custom', data: '1' },
      { event: 'message', data: '2' },
    ]);
  });

  test('resets the event name at a blank line even when no data came', () => {
    expect(parse('event: orphan\n\ndata: x\n\n')).toEqual([{ event: 'message', data: 'x' }]);
  });

  test('carries the id on its event and on the events after it', () => {
    expect(parse('data: a\n\nid: 42\ndata: b\n\ndata: c\n\nid: 43\ndata: d\n\n')).toEqual([
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b', id: '42' },
      { event: 'message', data: 'c', id: '42' },
      { event: 'message', data: 'd', id: '43' },
    ]);
  });

  test('yields nothing for a blank line with no data', () => {
    const parser = new SseParser();
    expect(parser.feed('\n')).toEqual([]);
    expect(parser.feed('\r\n\n')).toEqual([]);
    expect(parser.feed('id: 1\nevent: x\n\n')).toEqual([]);
  });

  test('holds back an unfinished line until its end arrives', () => {
    const parser = new SseParser();
    expect(parser.feed('data: par')).toEqual([]);
    expect(parser.feed('tial\n')).toEqual([]);
    expect(parser.feed('\n')).toEqual([{ event: 'message', data: 'partial' }]);
  });

  test('ignores unknown fields and treats a field with no colon as empty', () => {
    expect(parse('retry: 1000\nfoo: bar\ndata\ndata: x\n\n')).toEqual([{ event: 'message', data: '\nx' }]);
  });
});
