import { expect, it } from 'vitest';
import { MemoryCounterStore } from '../../../electron/gateway/policy/memory-counter-store.js';

it('clamps a clock that steps back, so the limit still holds', () => {
  const store = new MemoryCounterStore();
  const request = { key: 'k', windowMs: 10_000, max: 2, amount: 1, retainMs: 10_000 };
  expect(store.consume([request], 50_000).admitted).toBe(true);
  expect(store.consume([request], 45_000).admitted).toBe(true); // recorded at 50 000
  expect(store.consume([request], 59_999).admitted).toBe(false);
  expect(store.consume([request], 60_000).admitted).toBe(true);
});

it('checks all requests and counts all or nothing; one key with two windows is counted once', () => {
  const store = new MemoryCounterStore();
  const minute = { key: 'calls', windowMs: 60_000, max: 3, amount: 1, retainMs: 3_600_000 };
  const hour = { key: 'calls', windowMs: 3_600_000, max: 4, amount: 1, retainMs: 3_600_000 };
  const other = { key: 'other', windowMs: 60_000, max: 100, amount: 1, retainMs: 60_000 };
  expect(store.consume([minute, hour, other], 0)).toEqual({ admitted: true, used: [1, 1, 1] });
  store.consume([minute, hour, other], 1);
  store.consume([minute, hour, other], 2);
  const blocked = store.consume([minute, hour, other], 3);
  expect(blocked).toEqual({ admitted: false, used: [3, 3, 3], blocked: [0], retryAfterMs: 60_000 - 3 });
  // nothing was counted for the blocked call, on any key
  expect(store.consume([other], 4, { dryRun: true })).toEqual({ admitted: true, used: [4] });
  expect(store.consume([minute, hour, other], 60_000)).toEqual({ admitted: true, used: [3, 4, 3] }); // the entry at 0 left the minute windows
  const both = store.consume([minute, hour], 60_001);
  expect(both.admitted === false && both.blocked).toEqual([1]);
  expect(both.admitted === false && both.retryAfterMs).toBe(3_600_000 - 60_001);
});

it('a dry run counts nothing', () => {
  const store = new MemoryCounterStore();
  const request = { key: 'k', windowMs: 1000, max: 1, amount: 1, retainMs: 1000 };
  expect(store.consume([request], 0, { dryRun: true }).admitted).toBe(true);
  expect(store.consume([request], 0).admitted).toBe(true);
  expect(store.keyCount).toBe(1);
});


it('retryAfterMs is undefined when a blocked request can never fit (amount above max)', () => {
  const store = new MemoryCounterStore();
  const result = store.consume([{ key: 'spend', windowMs: 1000, max: 5, amount: 6, retainMs: 1000 }], 0);
  expect(result).toEqual({ admitted: false, used: [0], blocked: [0], retryAfterMs: undefined });
  expect(store.keyCount).toBe(0);
});

it('onChange runs after a call that counted, not after a refusal, a dry run or an empty batch', () => {
  const store = new MemoryCounterStore();
  let changes = 0;
  store.onChange = () => changes++;
  const request = { key: 'k', windowMs: 1000, max: 1, amount: 1, retainMs: 1000 };
  store.consume([request], 0, { dryRun: true });
  store.consume([], 0);
  expect(changes).toBe(0);
  store.consume([request], 0);
  expect(changes).toBe(1);
  store.consume([request], 1);
  expect(changes).toBe(1);
});

it('sweep drops expired entries and forgets keys with nothing left', () => {
  const store = new MemoryCounterStore();
  store.consume([{ key: 'short', windowMs: 1000, max: 10, amount: 1, retainMs: 1000 }], 0);
  store.consume([{ key: 'long', windowMs: 60_000, max: 10, amount: 1, retainMs: 60_000 }], 0);
  store.sweep(5_000);
  expect(store.keyCount).toBe(1);
  expect(Object.keys(store.snapshot())).toEqual(['long']);
});

it('snapshot and restore carry the budgets over; restore replaces what was there', () => {
  const first = new MemoryCounterStore();
  const request = { key: 'k', windowMs: 10_000, max: 2, amount: 1, retainMs: 10_000 };
  first.consume([request], 0);
  first.consume([request], 1);
  const snapshot = first.snapshot();
  expect(snapshot).toEqual({ k: { retainMs: 10_000, entries: expect.any(Array) } });
  const second = new MemoryCounterStore();
  second.consume([{ ...request, key: 'gone' }], 0);
  second.restore(snapshot);
  expect(second.keyCount).toBe(1);
  expect(second.consume([request], 2)).toMatchObject({ admitted: false, used: [2] });
});

it('a call whose clock reads before the newest entry still sees that entry in its window', () => {
  const store = new MemoryCounterStore();
  const request = { key: 'k', windowMs: 10_000, max: 1, amount: 1, retainMs: 10_000 };
  expect(store.consume([request], 50_000).admitted).toBe(true);
  expect(store.consume([request], 45_000)).toEqual({ admitted: false, used: [1], blocked: [0], retryAfterMs: 10_000 });
});
