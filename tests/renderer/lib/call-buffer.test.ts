import { describe, expect, it } from 'vitest';
import type { CallPage, CallRecord, CallStarted } from '../../../shared/calls.js';
import { CallBuffer } from '../../../renderer/src/lib/call-buffer.js';
import { isPending } from '../../../renderer/src/lib/call-rows.js';

const T0 = Date.parse('2026-11-25T12:00:00.000Z');
const idAt = (ms: number, seq = 0) => ms.toString(36).padStart(9, '0') + seq.toString(36).padStart(4, '0') + '000000';

function started(n: number, over: Partial<CallStarted> = {}): CallStarted {
  const ms = T0 + n * 1000;
  return { id: idAt(ms), time: new Date(ms).toISOString(), server: 'files', grant: 'cursor', session: 's1', tool: 'read_file', arguments: { n }, ...over };
}

function record(n: number, over: Partial<CallRecord> = {}): CallRecord {
  return {
    ...started(n),
    decision: 'allow',
    rule: 'tools.read_file',
    upstream: 'ok',
    latency: { gatewayMs: 1, upstreamMs: 2, totalMs: 3 },
    ...over,
  };
}

const page = (records: CallRecord[], nextCursor?: string): CallPage => ({ records, skippedLines: 0, ...(nextCursor ? { nextCursor } : {}) });
const ids = (buffer: CallBuffer) => Array.from({ length: buffer.viewSize }, (_, i) => buffer.at(i)!.id);

describe('CallBuffer', () => {
  it('shows live calls newest first, a start then its finish in the same row', () => {
    const buffer = new CallBuffer();
    buffer.started(started(1));
    buffer.started(started(2));
    expect(buffer.viewSize).toBe(2);
    expect(isPending(buffer.at(1)!)).toBe(true);
    buffer.finished(record(1, { decision: 'deny' }));
    expect(buffer.viewSize).toBe(2);
    expect(ids(buffer)).toEqual([started(2).id, started(1).id]);
    const row = buffer.at(1)!;
    expect(isPending(row)).toBe(false);
    expect((row as CallRecord).decision).toBe('deny');
  });

  it('keeps a finished row when its start event arrives late', () => {
    const buffer = new CallBuffer();
    buffer.finished(record(1));
    buffer.started(started(1));
    expect(buffer.viewSize).toBe(1);
    expect(isPending(buffer.at(0)!)).toBe(false);
  });

  it('sorts by call id even when calls finish out of order', () => {
    const buffer = new CallBuffer();
    buffer.finished(record(3));
    buffer.finished(record(1));
    buffer.finished(record(2));
    expect(ids(buffer)).toEqual([record(3).id, record(2).id, record(1).id]);
    expect(buffer.indexOf(record(2).id)).toBe(1);
    expect(buffer.indexOf('nope')).toBe(-1);
  });

  it('filters with the shared matcher, and updates a row that stops matching', () => {
    const buffer = new CallBuffer();
    buffer.finished(record(1, { tool: 'write_file' }));
    buffer.finished(record(2));
    buffer.started(started(3));
    buffer.setFilter({ tool: 'read_file' });
    expect(ids(buffer)).toEqual([started(3).id, record(2).id]);
    buffer.setFilter({ decision: 'denied' });
    expect(buffer.viewSize).toBe(0); // in-flight rows have no decision yet
    buffer.finished(record(3, { decision: 'deny' }));
    expect(ids(buffer)).toEqual([record(3).id]);
    buffer.setFilter({ decision: 'allowed' });
    expect(ids(buffer)).toEqual([record(2).id, record(1).id]);
    buffer.finished(record(2, { decision: 'deny' }));
    expect(ids(buffer)).toEqual([record(1).id]);
  });

  it('asks for the newest page first, then continues with the cursor', () => {
    const buffer = new CallBuffer();
    const first = buffer.nextHistoryQuery(2)!;
    expect(first.query).toEqual({ limit: 2 });
    buffer.addHistory(first, page([record(9), record(8)], 'c1'));
    expect(buffer.complete).toBe(false);
    const second = buffer.nextHistoryQuery(2)!;
    expect(second.query).toEqual({ limit: 2, cursor: 'c1' });
    buffer.addHistory(second, page([record(7)]));
    expect(buffer.complete).toBe(true);
    expect(buffer.nextHistoryQuery(2)).toBeUndefined();
    expect(ids(buffer)).toEqual([record(9).id, record(8).id, record(7).id]);
  });

  it('dedupes history against live rows and replaces in-flight rows with their records', () => {
    const buffer = new CallBuffer();
    buffer.started(started(5));
    buffer.finished(record(6));
    const request = buffer.nextHistoryQuery(10)!;
    buffer.addHistory(request, page([record(6), record(5, { decision: 'deny' }), record(4)]));
    expect(ids(buffer)).toEqual([record(6).id, record(5).id, record(4).id]);
    expect((buffer.at(1) as CallRecord).decision).toBe('deny');
    expect(buffer.size).toBe(3);
  });

  it('never leaves holes: a filtered history page does not show up in the unfiltered view below its floor', () => {
    const buffer = new CallBuffer();
    // Unfiltered history covers calls 8..10.
    buffer.addHistory(buffer.nextHistoryQuery(3)!, page([record(10), record(9), record(8)], 'c'));
    // A filter for write_file reaches further back (call 2), past the unfiltered floor.
    buffer.setFilter({ tool: 'write_file' });
    const request = buffer.nextHistoryQuery(3)!;
    // The filter's first page starts where the loaded rows stop being complete.
    expect(request.query.tool).toBe('write_file');
    expect(request.query.to).toBe(new Date(Date.parse(record(8).time) + 1).toISOString());
    buffer.addHistory(request, page([record(2, { tool: 'write_file' })]));
    expect(ids(buffer)).toEqual([record(2).id]);
    expect(buffer.complete).toBe(true);
    // Unfiltered, call 2 sits below the unfiltered floor: it is not shown until history reaches it.
    buffer.setFilter({});
    expect(ids(buffer)).toEqual([record(10).id, record(9).id, record(8).id]);
    expect(buffer.size).toBe(4);
  });

  it('drops the oldest rows beyond its capacity and raises the floor', () => {
    const buffer = new CallBuffer(10);
    for (let n = 1; n <= 12; n++) buffer.finished(record(n));
    expect(buffer.size).toBeLessThanOrEqual(10);
    expect(buffer.at(0)!.id).toBe(record(12).id);
    const oldest = buffer.at(buffer.viewSize - 1)!;
    expect(buffer.viewSize).toBe(buffer.size);
    // Older history is asked for below the oldest row still held.
    const request = buffer.nextHistoryQuery(5)!;
    expect(request.query.to).toBe(new Date(Date.parse(oldest.time) + 1).toISOString());
  });

  it('bumps its version on every visible change', () => {
    const buffer = new CallBuffer();
    const v0 = buffer.version;
    buffer.started(started(1));
    const v1 = buffer.version;
    buffer.finished(record(1));
    expect(v1).toBeGreaterThan(v0);
    expect(buffer.version).toBeGreaterThan(v1);
  });

  // A generous bound (the machine may be busy): it catches an insertion that turns quadratic.
  // No time bound: on a loaded machine a duration says nothing (the e2e suite measures it).
  // 200,000 insertions and two refilters: seconds on a quiet machine, more on a busy one.
  it('holds 100,000 live calls and refilters them all', { timeout: 180_000 }, () => {
    const buffer = new CallBuffer();
    for (let n = 0; n < 100_000; n++) {
      buffer.started(started(n));
      buffer.finished(record(n));
    }
    buffer.setFilter({ text: 'nothing matches this' });
    buffer.setFilter({});
    expect(buffer.viewSize).toBe(100_000);
  });

  it('counts the calls in flight: started and not finished, whichever way the finish arrives', () => {
    const buffer = new CallBuffer();
    buffer.started(started(1));
    buffer.started(started(2));
    buffer.started(started(3));
    expect(buffer.inFlight).toBe(3);
    buffer.finished(record(1));
    buffer.finished(record(1)); // a second finish changes nothing
    expect(buffer.inFlight).toBe(2);
    const request = buffer.nextHistoryQuery(50)!;
    buffer.addHistory(request, page([record(2)])); // the finished record came with a history page
    expect(buffer.inFlight).toBe(1);
    buffer.finished(record(4));
    buffer.started(started(4)); // late start of a call already finished: not in flight
    expect(buffer.inFlight).toBe(1);
    buffer.clear();
    expect(buffer.inFlight).toBe(0);
  });
});
