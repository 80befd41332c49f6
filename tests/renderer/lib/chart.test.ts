import { describe, expect, it } from 'vitest';
import type { CallStats } from '../../../shared/calls.js';
import { bucketTotals, chartSeries, layoutBars, niceMax } from '../../../renderer/src/lib/chart.js';

const stats = (perServer: { server: string; counts: number[] }[], buckets: CallStats['buckets'] = { calls: [], denials: [], rateLimited: [] }): CallStats => ({
  from: '2026-11-25T12:00:00.000Z',
  to: '2026-11-25T12:03:00.000Z',
  bucketSeconds: 60,
  total: 0,
  denials: 0,
  rateLimited: 0,
  buckets,
  byVerdict: {} as CallStats['byVerdict'],
  perServer,
  topTools: [],
  latency: { total: { count: 0, p50: 0, p95: 0 }, upstream: { count: 0, p50: 0, p95: 0 } },
  skippedLines: 0,
});

describe('calls chart', () => {
  it('sums buckets over servers, and takes the series from one stats answer', () => {
    const all = stats(
      [
        { server: 'a', counts: [1, 0, 4] },
        { server: 'b', counts: [2, 3, 0] },
      ],
      { calls: [3, 3, 4], denials: [1, 2, 1], rateLimited: [0, 2, 0] },
    );
    expect(bucketTotals(all)).toEqual([3, 3, 4]);
    const series = chartSeries(all);
    expect(series.calls).toEqual([3, 3, 4]);
    expect(series.denials).toEqual([1, 2, 1]);
    expect(series.rateLimited).toEqual([0, 2, 0]);
    expect(series.from).toBe(Date.parse('2026-11-25T12:00:00.000Z'));
  });

  it('draws rate-limited calls at the foot of the denials, the rest of the denials above them', () => {
    const { bars } = layoutBars({ from: 0, bucketSeconds: 60, calls: [10], denials: [6], rateLimited: [4] }, 100, 100);
    expect(bars[0]).toMatchObject({ rateLimitedHeight: 40, rateLimitedY: 60, denialsHeight: 20, denialsY: 40, denials: 6, rateLimited: 4 });
  });

  it('rounds the axis to 1, 2, 5 × 10^n', () => {
    expect([0, 1, 3, 7, 11, 48, 51, 900].map(niceMax)).toEqual([1, 1, 5, 10, 20, 50, 100, 1000]);
  });

  it('lays bars out to scale, denials over calls, never taller than the calls', () => {
    const { bars, max } = layoutBars({ from: 0, bucketSeconds: 60, calls: [10, 0, 5], denials: [2, 0, 9], rateLimited: [0, 0, 0] }, 300, 100);
    expect(max).toBe(10);
    expect(bars.map((b) => b.x)).toEqual([0, 100, 200]);
    expect(bars[0]).toMatchObject({ callsHeight: 100, callsY: 0, denialsHeight: 20, denialsY: 80, at: 0 });
    expect(bars[1]).toMatchObject({ callsHeight: 0, denialsHeight: 0, at: 60_000 });
    expect(bars[2]!.denials).toBe(5);
    expect(bars[2]!.denialsHeight).toBe(bars[2]!.callsHeight);
  });
});
