import { describe, expect, it } from 'vitest';
import { formatDuration, formatLocalTime, shorten, summarize } from '../../electron/cli/text-format.js';

describe('shorten', () => {
  it('makes one line and cuts at max with an ellipsis counted in', () => {
    expect(shorten('  a\n b\t c ', 10)).toBe('a b c');
    expect(shorten('abcdefghij', 10)).toBe('abcdefghij');
    expect(shorten('abcdefghijk', 10)).toBe('abcdefghi…');
    expect(shorten('abc', 0)).toBe('…');
  });
});

describe('summarize', () => {
  it('is compact JSON, shortened, and a dash for nothing', () => {
    expect(summarize({ path: '/tmp/a', recursive: true }, 80)).toBe('{"path":"/tmp/a","recursive":true}');
    expect(summarize({ text: 'x'.repeat(50) }, 20)).toHaveLength(20);
    expect(summarize(undefined, 10)).toBe('-');
  });
});

describe('formatDuration', () => {
  it('picks the two largest units, rounding to seconds; negatives are 0', () => {
    expect([-5000, 0, 44_600, 59_499].map(formatDuration)).toEqual(['0s', '0s', '45s', '59s']);
    expect([60_000, 190_000, 3_599_000].map(formatDuration)).toEqual(['1m 0s', '3m 10s', '59m 59s']);
    expect([3_600_000, 7_500_000, 86_399_000].map(formatDuration)).toEqual(['1h 0m', '2h 5m', '23h 59m']);
    expect([86_400_000, 3 * 86_400_000 + 4 * 3_600_000].map(formatDuration)).toEqual(['1d 0h', '3d 4h']);
  });
});

describe('formatLocalTime', () => {
  it('writes the local date and time, zero-padded', () => {
    const date = new Date(2026, 0, 5, 4, 3, 2); // local time, whatever the zone
    expect(formatLocalTime(date.toISOString())).toBe('2026-01-05 04:03:02');
  });

  it('gives back text that is not a time unchanged', () => {
    expect(formatLocalTime('yesterday')).toBe('yesterday');
  });
});
