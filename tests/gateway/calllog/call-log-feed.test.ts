import { expect, it } from 'vitest';
import type { CallLogEvent } from '../../../shared/calls.js';
import { CallLogFeed } from '../../../electron/gateway/calllog/call-log-feed.js';
import { callIdFloor } from '../../../electron/gateway/calllog/call-id.js';
import { MINUTE, T0, makeRecord } from './helpers.js';

it('started and finished reach every subscriber; finished records go to the ring in order', () => {
  const feed = new CallLogFeed({ startMs: T0 });
  const seen: CallLogEvent[] = [];
  feed.subscribe((event) => seen.push(event));
  const a = makeRecord(T0 + 1);
  const b = makeRecord(T0 + 2);
  feed.started(a);
  feed.finished(a);
  feed.finished(b);
  expect(seen.map((e) => e.type)).toEqual(['callStarted', 'callFinished', 'callFinished']);
  expect(feed.recent()).toEqual([a, b]);
  expect(feed.size).toBe(2);
});

it('unsubscribe stops the events', () => {
  const feed = new CallLogFeed({ startMs: T0 });
  const seen: CallLogEvent[] = [];
  const unsubscribe = feed.subscribe((event) => seen.push(event));
  unsubscribe();
  feed.finished(makeRecord(T0 + 1));
  expect(seen).toEqual([]);
});

it('a listener that throws is reported; the others still get the event', () => {
  const errors: unknown[] = [];
  const feed = new CallLogFeed({ startMs: T0, onListenerError: (error) => errors.push(error) });
  const seen: string[] = [];
  feed.subscribe(() => {
    throw new Error('listener broke');
  });
  feed.subscribe((event) => seen.push(event.type));
  feed.started(makeRecord(T0 + 1));
  expect(errors).toEqual([new Error('listener broke')]);
  expect(seen).toEqual(['callStarted']);
});

it('completeAbove starts just below startMs, and rises to the last evicted id as the ring overflows', () => {
  const feed = new CallLogFeed({ startMs: T0, capacity: 2 });
  expect(feed.completeAbove()).toBe(callIdFloor(T0 - 1));
  const records = [1, 2, 3, 4].map((i) => makeRecord(T0 + i * MINUTE));
  for (const record of records) feed.finished(record);
  expect(feed.recent()).toEqual(records.slice(2));
  expect(feed.completeAbove()).toBe(records[1]!.id);
});

it("the mirror gets this process's own events, not those received from other replicas", () => {
  const feed = new CallLogFeed({ startMs: T0 });
  const mirrored: CallLogEvent[] = [];
  const seen: CallLogEvent[] = [];
  feed.mirror = (event) => mirrored.push(event);
  feed.subscribe((event) => seen.push(event));
  const own = makeRecord(T0 + 1);
  feed.started(own);
  feed.finished(own);
  const theirs: CallLogEvent = { type: 'callFinished', record: makeRecord(T0 + 2, { session: 'other' }) };
  feed.receive(theirs);
  expect(mirrored.map((e) => e.type)).toEqual(['callStarted', 'callFinished']);
  expect(seen).toHaveLength(3);
  expect(seen[2]).toBe(theirs);
  expect(feed.recent()).toEqual([own]); // another replica's record is in its log, not this ring
});
