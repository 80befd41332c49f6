import { describe, expect, it } from 'vitest';
import { MemoryCounterStore } from '../../../electron/gateway/policy/memory-counter-store.js';
import { SlidingLog } from '../../../electron/gateway/policy/sliding-log.js';

/** Small seeded PRNG (mulberry32) so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Arrival {
  time: number;
  amount: number;
}

function simulate(arrivals: Arrival[], windowMs: number, max: number) {
  const store = new MemoryCounterStore();
  const admitted: Arrival[] = [];
  const rejected: Arrival[] = [];
  for (const arrival of arrivals) {
    const result = store.consume([{ key: 'k', windowMs, max, amount: arrival.amount, retainMs: windowMs }], arrival.time);
    (result.admitted ? admitted : rejected).push(arrival);
  }
  return { admitted, rejected };
}

/** Sum admitted in [start, start + windowMs): checked independently of the implementation's own look-back. */
function sumFrom(admitted: Arrival[], start: number, windowMs: number): number {
  return admitted.filter((a) => a.time >= start && a.time < start + windowMs).reduce((sum, a) => sum + a.amount, 0);
}

describe('sliding windows', () => {
  it('never admits more than max in any window-long interval, and never refuses a call that fits (random arrivals)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = random(seed);
      const windowMs = 1000 + Math.floor(rand() * 60_000);
      const max = 1 + Math.floor(rand() * 20);
      const weighted = seed % 2 === 0;
      let time = 1_700_000_000_000;
      const arrivals: Arrival[] = [];
      for (let i = 0; i < 600; i++) {
        // bursts and gaps: sometimes several in one millisecond, sometimes long pauses
        time += rand() < 0.2 ? 0 : Math.floor(rand() * rand() * windowMs * 0.3);
        arrivals.push({ time, amount: weighted ? Math.ceil(rand() * max * 0.6) : 1 });
      }
      const { admitted, rejected } = simulate(arrivals, windowMs, max);
      for (const a of admitted) expect(sumFrom(admitted, a.time, windowMs), `seed ${seed}`).toBeLessThanOrEqual(max);
      // exact, not merely safe: each refused call really did not fit the window before it
      for (const r of rejected) {
        const before = admitted.filter((a) => a.time > r.time - windowMs && a.time <= r.time).reduce((s, a) => s + a.amount, 0);
        expect(before + r.amount, `seed ${seed}`).toBeGreaterThan(max);
      }
      expect(admitted.length).toBeGreaterThan(0);
      expect(rejected.length).toBeGreaterThan(0);
    }
  });

  it('stops counting an entry exactly one window after it', () => {
    const store = new MemoryCounterStore();
    const request = { key: 'k', windowMs: 60_000, max: 1, amount: 1, retainMs: 60_000 };
    expect(store.consume([request], 1_000).admitted).toBe(true);
    expect(store.consume([request], 60_999).admitted).toBe(false);
    expect(store.consume([request], 61_000).admitted).toBe(true);
  });

  it('gives the exact retry time', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rand = random(seed);
      const log = new SlidingLog(10_000);
      let time = 0;
      for (let i = 0; i < 30; i++) {
        time += Math.floor(rand() * 700);
        if (log.fits(10_000, 12, 2, time)) log.add(time, 2);
      }
      const amount = 1 + Math.floor(rand() * 6);
      const wait = log.retryAfterMs(10_000, 12, amount, time);
      expect(wait).toBeDefined();
      if (wait === 0) continue;
      expect(log.fits(10_000, 12, amount, time + (wait as number))).toBe(true);
      expect(log.fits(10_000, 12, amount, time + (wait as number) - 1)).toBe(false);
    }
    expect(new SlidingLog(1000).retryAfterMs(1000, 5, 6, 0)).toBeUndefined();
  });

  it('counts what a window held at an earlier moment as well as now', () => {
    const log = new SlidingLog(10_000);
    for (const time of [100, 200, 300, 5_000, 9_000]) log.add(time, 1);
    expect(log.usedIn(10_000, 9_000)).toBe(5); // now: at or after the newest entry
    expect(log.usedIn(10_000, 4_999)).toBe(3); // before the two newest: searched
    expect(log.usedIn(1_000, 5_500)).toBe(1);
    expect(log.usedIn(10_000, 99)).toBe(0);
    expect(log.usedIn(200, 10_250)).toBe(0);
  });

  it('keeps memory bounded: at most max entries for a call count, pruned past the longest window', () => {
    const store = new MemoryCounterStore();
    const request = { key: 'k', windowMs: 1000, max: 10, amount: 1, retainMs: 1000 };
    for (let t = 0; t < 100_000; t += 7) store.consume([request], t);
    const entries = store.snapshot().k?.entries ?? [];
    expect(entries.length).toBeLessThanOrEqual(10);
    expect(Math.min(...entries.map(([t]) => t))).toBeGreaterThan(100_000 - 1000 - 7);
  });
});
