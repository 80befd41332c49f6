// Call-log statistics over a time range: calls per bucket per server, denials,
// top tools, and p50/p95 latency (nearest-rank over every call in range); and a plain count.
import type { CallCount, CallFilter, CallStats, CallStatsQuery, CallVerdict, LatencyPercentiles } from '../../../shared/calls.js';
import { CALL_VERDICTS, callVerdict, isDenial } from '../../../shared/calls.js';
import type { CallLogSources } from './call-log-scan.js';
import { normaliseRange, scanCalls } from './call-log-scan.js';

const DEFAULT_RANGE_MS = 60 * 60 * 1000;
/** A chart does not need more; wider ranges get wider buckets. */
const MAX_BUCKETS = 1440;

/** Nearest-rank percentile of ascending-sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

function percentiles(values: number[]): LatencyPercentiles {
  values.sort((a, b) => a - b);
  return { count: values.length, p50: percentile(values, 50), p95: percentile(values, 95) };
}

const zeros = (n: number): number[] => new Array<number>(n).fill(0);
const bump = (counts: number[], i: number): void => {
  counts[i] = (counts[i] ?? 0) + 1;
};

/** How many calls match `filter`, over everything the log holds. */
export async function countCalls(sources: CallLogSources, filter: CallFilter): Promise<CallCount> {
  const tally = { skippedLines: 0 };
  let count = 0;
  for await (const item of scanCalls(sources, filter, tally)) if ('record' in item) count++;
  return { count, skippedLines: tally.skippedLines };
}

/** Default range: the last hour before `nowMs`. */
export async function callStats(sources: CallLogSources, query: CallStatsQuery, nowMs = Date.now()): Promise<CallStats> {
  const { bucketSeconds: askedBucket, topTools: topCount = 10, ...rest } = normaliseRange(query);
  const toMs = rest.to !== undefined ? Date.parse(rest.to) : nowMs;
  const fromMs = rest.from !== undefined ? Date.parse(rest.from) : toMs - DEFAULT_RANGE_MS;
  if (!(fromMs < toMs)) throw new RangeError('"from" must be before "to"');
  const from = new Date(fromMs).toISOString();
  const to = new Date(toMs).toISOString();

  let bucketSeconds = Math.max(1, Math.floor(askedBucket ?? 60));
  const rangeSeconds = (toMs - fromMs) / 1000;
  if (rangeSeconds / bucketSeconds > MAX_BUCKETS) bucketSeconds = Math.ceil(rangeSeconds / MAX_BUCKETS / 60) * 60;
  const bucketCount = Math.max(1, Math.ceil(rangeSeconds / bucketSeconds));

  const byVerdict = Object.fromEntries(CALL_VERDICTS.map((v) => [v, 0])) as Record<CallVerdict, number>;
  const perServer = new Map<string, number[]>();
  const tools = new Map<string, { server: string; tool: string; calls: number; denials: number }>();
  const totalLatency: number[] = [];
  const upstreamLatency: number[] = [];
  const buckets = { calls: zeros(bucketCount), denials: zeros(bucketCount), rateLimited: zeros(bucketCount) };
  let total = 0;
  let denials = 0;
  let rateLimited = 0;
  const tally = { skippedLines: 0 };

  for await (const item of scanCalls(sources, { ...rest, from, to }, tally)) {
    if (!('record' in item)) continue;
    const record = item.record;
    total++;
    const verdict = callVerdict(record);
    byVerdict[verdict]++;
    const denied = isDenial(record);
    const bucket = Math.floor((Date.parse(record.time) - fromMs) / 1000 / bucketSeconds);
    if (denied) {
      denials++;
      bump(buckets.denials, bucket);
    }
    if (verdict === 'rate-limited') {
      rateLimited++;
      bump(buckets.rateLimited, bucket);
    }
    bump(buckets.calls, bucket);

    let counts = perServer.get(record.server);
    if (!counts) perServer.set(record.server, (counts = zeros(bucketCount)));
    bump(counts, bucket);

    const toolKey = `${record.server}\u0000${record.tool}`;
    let tool = tools.get(toolKey);
    if (!tool) tools.set(toolKey, (tool = { server: record.server, tool: record.tool, calls: 0, denials: 0 }));
    tool.calls++;
    if (denied) tool.denials++;

    totalLatency.push(record.latency.totalMs);
    if (record.upstream !== 'not-called') upstreamLatency.push(record.latency.upstreamMs);
  }

  const topTools = [...tools.values()]
    .sort((a, b) => b.calls - a.calls || a.server.localeCompare(b.server) || a.tool.localeCompare(b.tool))
    .slice(0, Math.max(0, topCount));
  return {
    from,
    to,
    bucketSeconds,
    total,
    denials,
    rateLimited,
    byVerdict,
    perServer: [...perServer.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([server, counts]) => ({ server, counts })),
    buckets,
    topTools,
    latency: { total: percentiles(totalLatency), upstream: percentiles(upstreamLatency) },
    skippedLines: tally.skippedLines,
  };
}
