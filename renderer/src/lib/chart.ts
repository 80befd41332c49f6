// The calls-per-minute chart: series summed from `callStats` answers and laid out as
// SVG rectangles. Pure, so the geometry is tested without a browser.
import type { CallStats } from '../../../shared/calls.js';

export interface ChartSeries {
  /** Start of the first bucket, ms since the epoch. */
  from: number;
  bucketSeconds: number;
  calls: number[];
  denials: number[];
}

export interface ChartBar {
  x: number;
  width: number;
  callsY: number;
  callsHeight: number;
  denialsY: number;
  denialsHeight: number;
  calls: number;
  denials: number;
  /** Bucket start, ms since the epoch. */
  at: number;
}

/** Calls per bucket over every server. */
export function bucketTotals(stats: CallStats): number[] {
  const length = Math.max(0, ...stats.perServer.map((s) => s.counts.length));
  const totals = new Array<number>(length).fill(0);
  for (const server of stats.perServer) server.counts.forEach((n, i) => (totals[i] = (totals[i] ?? 0) + n));
  return totals;
}

/** The series from the all-calls stats and one stats answer per denial verdict (same range and buckets). */
export function chartSeries(all: CallStats, denialStats: readonly CallStats[]): ChartSeries {
  const calls = bucketTotals(all);
  const denials = new Array<number>(calls.length).fill(0);
  for (const stats of denialStats) bucketTotals(stats).forEach((n, i) => {
    if (i < denials.length) denials[i] = (denials[i] ?? 0) + n;
  });
  return { from: Date.parse(all.from), bucketSeconds: all.bucketSeconds, calls, denials };
}

/** A round top for the y axis: 1, 2, 5, 10, 20, 50… */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

export function layoutBars(series: ChartSeries, width: number, height: number, gap = 1): { bars: ChartBar[]; max: number } {
  const n = series.calls.length;
  const max = niceMax(Math.max(0, ...series.calls));
  if (n === 0) return { bars: [], max };
  const slot = width / n;
  const barWidth = Math.max(1, slot - gap);
  const bars = series.calls.map((calls, i) => {
    const denials = Math.min(calls, series.denials[i] ?? 0);
    const callsHeight = calls === 0 ? 0 : Math.max(1, (calls / max) * height);
    const denialsHeight = denials === 0 ? 0 : Math.max(1, (denials / max) * height);
    return {
      x: i * slot,
      width: barWidth,
      callsY: height - callsHeight,
      callsHeight,
      denialsY: height - denialsHeight,
      denialsHeight,
      calls,
      denials,
      at: series.from + i * series.bucketSeconds * 1000,
    };
  });
  return { bars, max };
}
