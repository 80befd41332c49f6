import { expect, it } from 'vitest';
import { RingBuffer } from '../../../electron/gateway/calllog/ring-buffer.js';

it('refuses a capacity that is not a positive integer', () => {
  for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new RingBuffer(bad)).toThrow(RangeError);
});

it('holds items oldest first until full, evicting nothing', () => {
  const ring = new RingBuffer<number>(3);
  expect(ring.toArray()).toEqual([]);
  expect(ring.push(1)).toBeUndefined();
  expect(ring.push(2)).toBeUndefined();
  expect(ring.size).toBe(2);
  expect(ring.toArray()).toEqual([1, 2]);
});

it('pushing onto a full ring evicts and returns the oldest, in order, round and round', () => {
  const ring = new RingBuffer<number>(3);
  for (const n of [1, 2, 3]) ring.push(n);
  const evicted = [4, 5, 6, 7].map((n) => ring.push(n));
  expect(evicted).toEqual([1, 2, 3, 4]);
  expect(ring.size).toBe(3);
  expect(ring.toArray()).toEqual([5, 6, 7]);
});

it('a ring of one keeps only the newest', () => {
  const ring = new RingBuffer<string>(1);
  ring.push('a');
  expect(ring.push('b')).toBe('a');
  expect(ring.toArray()).toEqual(['b']);
});
