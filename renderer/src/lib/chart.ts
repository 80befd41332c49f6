// The calls-per-minute chart: series from a `callStats` answer, laid out as
// SVG rectangles. Pure, so the geometry is tested without a browser.
import type { CallStats } from '../../../shared/calls.js';

export interface ChartSeries {
  /** Start of the first bucket, ms since the epoch. */
  from: number;
  bucketSeconds: number;
  calls: number[];
  /** Every denial, rate-limited calls included. */
  denials: number[];
  rateLimited: number[];
}

export interface ChartBar {
  x: number;
  width: number;
  callsY: number;
  callsHeight: number;
  /** The denials other than rate-limited ones, drawn above those. */
  denialsY: number;
  denialsHeight: number;
  rateLimitedY: number;
  rateLimitedHeight: number;
  calls: number;
  denials: number;
  rateLimited: number;
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

/** The series of one stats answer: calls, denials and rate-limited calls per bucket. */
export function chartSeries(stats: CallStats): ChartSeries {
  const { calls, denials, rateLimited } = stats.buckets;
  return { from: Date.parse(stats.from), bucketSeconds: stats.bucketSeconds, calls, denials, rateLimited };
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
    const rateLimited = Math.min(denials, series.rateLimited[i] ?? 0);
    const scaled = (n: number) => (n === 0 ? 0 : Math.max(1, (n / max) * height));
    const callsHeight = scaled(calls);
    const rateLimitedHeight = scaled(rateLimited);
    const denialsHeight = Math.min(scaled(denials - rateLimited), callsHeight - rateLimitedHeight);
    return {
      x: i * slot,
      width: barWidth,
      callsY: height - callsHeight,
      callsHeight,
      denialsY: height - rateLimitedHeight - denialsHeight,
      denialsHeight,
      rateLimitedY: height - rateLimitedHeight,
      rateLimitedHeight,
      calls,
      denials,
      rateLimited,
      at: series.from + i * series.bucketSeconds * 1000,
    };
  });
  return { bars, max };
}
