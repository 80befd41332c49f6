import { describe, expect, it } from 'vitest';
import { compactJson, formatAgo, formatBytes, formatCount, formatCountdown, formatLatency } from '../../../renderer/src/lib/format.js';

describe('format', () => {
  it('formats latencies, sizes and counts', () => {
    expect([0.42, 12.4, 999, 1250, 12_500, 125_000].map(formatLatency)).toEqual(['0.4 ms', '12 ms', '999 ms', '1.25 s', '12.5 s', '2 min 5 s']);
    expect(formatLatency(undefined)).toBe('—');
    expect([12, 4200, 1_300_000].map(formatBytes)).toEqual(['12 B', '4.2 kB', '1.3 MB']);
    expect([0, 999, 1000, 100_000, 1_234_567].map(formatCount)).toEqual(['0', '999', '1,000', '100,000', '1,234,567']);
  });

  it('counts down and back', () => {
    expect([65_000, 1, 0, -5, 3_600_000].map(formatCountdown)).toEqual(['1:05', '0:01', '0:00', '0:00', '1:00:00']);
    const now = Date.parse('2026-11-25T12:00:00Z');
    expect(formatAgo('2026-11-25T11:59:50Z', now)).toBe('just now');
    expect(formatAgo('2026-11-25T11:55:00Z', now)).toBe('5 min ago');
    expect(formatAgo('2026-11-24T12:00:00Z', now)).toBe('yesterday');
    expect(formatAgo(undefined, now)).toBe('never');
  });

  it('cuts long JSON', () => {
    expect(compactJson({ a: 'x'.repeat(200) }, 20)).toHaveLength(20);
    expect(compactJson(undefined)).toBe('');
  });
});
