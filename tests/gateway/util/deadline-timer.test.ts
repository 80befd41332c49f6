import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineTimer } from '../../../electron/gateway/util/deadline-timer.js';

describe('DeadlineTimer', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('fires once for the earliest deadline, then for the next one onDue returns', () => {
    const deadlines = [300, 100, 200];
    const fired: number[] = [];
    const timer = new DeadlineTimer((now) => {
      fired.push(Math.round(now));
      const left = deadlines.filter((d) => d > now);
      deadlines.splice(0, deadlines.length, ...left);
      return left.length ? Math.min(...left) : Infinity;
    });
    for (const d of [...deadlines]) timer.watch(d);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(99);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([100]);
    vi.advanceTimersByTime(300);
    expect(fired).toEqual([100, 200, 300]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a later deadline sets no timer of its own; stop() clears it', () => {
    const onDue = vi.fn(() => Infinity);
    const timer = new DeadlineTimer(onDue);
    timer.watch(50);
    timer.watch(80);
    expect(vi.getTimerCount()).toBe(1);
    timer.stop();
    vi.advanceTimersByTime(100);
    expect(onDue).not.toHaveBeenCalled();
    timer.watch(120); // usable again after stop()
    vi.advanceTimersByTime(30);
    expect(onDue).toHaveBeenCalledTimes(1);
  });
});
