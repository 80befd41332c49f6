import { describe, expect, it } from 'vitest';
import { callIdFloor, callIdTime, createCallIdGenerator } from '../../../electron/gateway/calllog/call-id.js';

describe('call ids', () => {
  it('sort by time, then by order within one millisecond', () => {
    const next = createCallIdGenerator();
    const ids = [next(1000), next(1000), next(1000), next(1001), next(5_000_000_000_000)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('encode their time and sit above the floor of that time', () => {
    const next = createCallIdGenerator();
    const ms = Date.parse('2026-11-20T10:00:00.123Z');
    const id = next(ms);
    expect(callIdTime(id)).toBe(ms);
    expect(id >= callIdFloor(ms)).toBe(true);
    expect(id < callIdFloor(ms + 1)).toBe(true);
  });

  it('stay increasing when the clock steps back', () => {
    const next = createCallIdGenerator();
    const a = next(2000);
    const b = next(1000);
    expect(b > a).toBe(true);
  });
});
