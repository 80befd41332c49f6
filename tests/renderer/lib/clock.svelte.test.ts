// The shared clock (a runes module, so it runs with the stores' Svelte plugin): one timer while
// anyone uses it; a countdown's first paint shows the real time left, not the last tick's.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

beforeEach(() => vi.resetModules());
afterEach(() => vi.useRealTimers());

describe('clock', () => {
  it('reads the real time while idle, then ticks once used', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse('2026-12-07T10:00:00.000Z'));
    const { clock } = await import('../../../renderer/src/lib/clock.svelte.js');
    const stop = clock.use();
    vi.advanceTimersByTime(3000);
    stop();
    // Idle for five minutes (no view uses it): the next card to mount must not start from 10:00:03.
    vi.setSystemTime(Date.parse('2026-12-07T10:05:00.000Z'));
    expect(clock.now).toBe(Date.parse('2026-12-07T10:05:00.000Z'));
    const again = clock.use();
    expect(clock.now).toBe(Date.parse('2026-12-07T10:05:00.000Z'));
    vi.advanceTimersByTime(1000);
    expect(clock.now).toBe(Date.parse('2026-12-07T10:05:01.000Z'));
    again();
  });

  it('ticks while any user is left, and stops with the last', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse('2026-12-07T10:00:00.000Z'));
    const { clock } = await import('../../../renderer/src/lib/clock.svelte.js');
    const first = clock.use();
    const second = clock.use();
    expect(vi.getTimerCount()).toBe(1);
    first();
    vi.advanceTimersByTime(2000);
    expect(clock.now).toBe(Date.parse('2026-12-07T10:00:02.000Z'));
    second();
    expect(vi.getTimerCount()).toBe(0);
  });
});
