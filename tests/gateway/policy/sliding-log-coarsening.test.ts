// Very large budgets: the log coarsens past a size instead of growing without bound,
// and still never admits more than max in any window-long interval.
import { expect, test } from 'vitest';
import { SlidingLog } from '../../../electron/gateway/policy/sliding-log.js';

test('a 100,000-a-day limit at 5,000 calls/s keeps a bounded log and never over-admits', () => {
  const day = 86_400_000;
  const max = 100_000;
  const log = new SlidingLog(day);
  const admittedAt: number[] = [];
  for (let i = 0; i < 150_000; i++) {
    const now = i / 5; // 5 calls per ms… 5,000 calls/s
    if (log.fits(day, max, 1, now)) {
      log.add(now, 1);
      admittedAt.push(now);
    }
  }
  expect(log.size).toBeLessThanOrEqual(2 * 4096 + 1);
  expect(admittedAt.length).toBeLessThanOrEqual(max);
  expect(admittedAt.length).toBeGreaterThan(max * 0.99);
});

test('below the coarsening size the log stays exact', () => {
  const log = new SlidingLog(60_000);
  for (let t = 0; t < 1000; t++) log.add(t * 7, 1);
  expect(log.size).toBe(1000);
  expect(log.usedIn(60_000, 7000)).toBe(1000);
});
