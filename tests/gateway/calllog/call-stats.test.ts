import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir.js';
import type { CallRecord } from '../../../shared/calls.js';
import { callStats, countCalls, percentile } from '../../../electron/gateway/calllog/call-stats.js';
import { DAY, MINUTE, T0, makeRecord, writeRecords } from './helpers.js';

const tmp = useTempDir('portcullis-calllog-');

describe('percentile', () => {
  it('uses nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('callStats', () => {
  it('counts calls per minute per server, denials, verdicts, top tools and latency percentiles', async () => {
    const records: CallRecord[] = [];
    // 100 allowed odoo calls spread over minutes 0..4, total latency 1..100 ms, upstream latency = total - 1.
    for (let i = 0; i < 100; i++) {
      records.push(makeRecord(T0 + (i % 5) * MINUTE + i, {
        tool: i < 60 ? 'odoo_search' : 'odoo_read', latency: { gatewayMs: 1, upstreamMs: i, totalMs: i + 1 },
      }));
    }
    // 10 denied github calls in minute 2 (never reached upstream), 3 timed-out approvals in minute 4.
    for (let i = 0; i < 10; i++) {
      records.push(makeRecord(T0 + 2 * MINUTE + i, {
        server: 'github', tool: 'delete_repo', decision: 'deny', upstream: 'not-called', latency: { gatewayMs: 0.1, upstreamMs: 0, totalMs: 0.1 },
      }));
    }
    for (let i = 0; i < 3; i++) {
      records.push(makeRecord(T0 + 4 * MINUTE + i, {
        server: 'github', tool: 'merge_pr', decision: 'approve', upstream: 'not-called',
        approval: { id: `a${i}`, outcome: 'timeout', waitedMs: 120_000 }, latency: { gatewayMs: 0, upstreamMs: 0, totalMs: 120_000 },
      }));
    }
    records.push(makeRecord(T0 + 10 * MINUTE)); // outside the range
    await writeRecords(tmp.path, records);

    const stats = await callStats({ dir: tmp.path }, { from: new Date(T0).toISOString(), to: new Date(T0 + 5 * MINUTE).toISOString(), topTools: 3 });
    expect(stats.total).toBe(113);
    expect(stats.denials).toBe(13);
    expect(stats.byVerdict).toMatchObject({ allowed: 100, denied: 10, 'approval-timeout': 3, approved: 0 });
    expect(stats.bucketSeconds).toBe(60);
    expect(stats.perServer).toEqual([
      { server: 'github', counts: [0, 0, 10, 0, 3] },
      { server: 'odoo', counts: [20, 20, 20, 20, 20] },
    ]);
    expect(stats.topTools).toEqual([
      { server: 'odoo', tool: 'odoo_search', calls: 60, denials: 0 },
      { server: 'odoo', tool: 'odoo_read', calls: 40, denials: 0 },
      { server: 'github', tool: 'delete_repo', calls: 10, denials: 10 },
    ]);
    // Upstream: the 100 odoo calls, 0..99 ms. Total: 113 values, ten 0.1 first, so rank 57 is 47 and rank 108 is 98.
    expect(stats.latency.upstream).toEqual({ count: 100, p50: 49, p95: 94 });
    expect(stats.latency.total).toEqual({ count: 113, p50: 47, p95: 98 });
  });

  it('applies filters and defaults to the last hour', async () => {
    await writeRecords(tmp.path, [
      makeRecord(T0 - 2 * 60 * MINUTE),
      makeRecord(T0 - 30 * MINUTE),
      makeRecord(T0 - 30 * MINUTE, { server: 'github' }),
    ]);
    const stats = await callStats({ dir: tmp.path }, { server: 'odoo' }, T0);
    expect(stats.from).toBe(new Date(T0 - 60 * MINUTE).toISOString());
    expect(stats.total).toBe(1);
    expect(stats.perServer.map((s) => s.server)).toEqual(['odoo']);
    expect(stats.perServer[0]!.counts).toHaveLength(60);
  });

  it('counts a record once while it is both unwritten and already on disk', async () => {
    const onDisk = makeRecord(T0 + 1000);
    const inFlight = makeRecord(T0 + 2000);
    await writeRecords(tmp.path, [onDisk, inFlight]); // the writer appended it while the batch is still held as pending
    const live = { recent: () => [onDisk, inFlight], completeAbove: () => '~', pending: () => [inFlight] };
    const stats = await callStats({ dir: tmp.path, live }, { from: new Date(T0).toISOString(), to: new Date(T0 + MINUTE).toISOString() });
    expect(stats.total).toBe(2);
  });

  it('counts rate-limited calls as their own verdict, among the denials, per bucket; old "deny" lines stay denied', async () => {
    const limited = { decision: 'rate-limit' as const, upstream: 'not-called' as const, rateLimit: { counter: 'c', scope: 'grant' as const, limitPath: 'tools.odoo_search.limits[0]', windowSeconds: 60, max: 2, used: 2, amount: 1, retryAfterSeconds: 30 } };
    await writeRecords(tmp.path, [
      makeRecord(T0),
      makeRecord(T0 + 1, limited),
      makeRecord(T0 + MINUTE, limited),
      // A line from before the verdict existed: a limit denial logged as deny.
      makeRecord(T0 + MINUTE + 1, { decision: 'deny', upstream: 'not-called', counters: [{ counter: 'c', scope: 'grant', used: 2, max: 2 }] }),
    ]);
    const stats = await callStats({ dir: tmp.path }, { from: new Date(T0).toISOString(), to: new Date(T0 + 2 * MINUTE).toISOString() });
    expect(stats.byVerdict).toMatchObject({ allowed: 1, 'rate-limited': 2, denied: 1 });
    expect([stats.total, stats.denials, stats.rateLimited]).toEqual([4, 3, 2]);
    expect(stats.buckets).toEqual({ calls: [2, 2], denials: [1, 2], rateLimited: [1, 1] });
    const onlyLimited = await callStats({ dir: tmp.path }, { from: new Date(T0).toISOString(), to: new Date(T0 + 2 * MINUTE).toISOString(), decision: 'rate-limited' });
    expect(onlyLimited.total).toBe(2);
  });

  it('counts every matching call over the whole log, with no default range', async () => {
    await writeRecords(tmp.path, [
      makeRecord(T0 - 40 * DAY),
      makeRecord(T0 - 2 * DAY, { server: 'github' }),
      ...Array.from({ length: 30 }, (_, i) => makeRecord(T0 + i)),
    ]);
    expect(await countCalls({ dir: tmp.path }, {})).toEqual({ count: 32, skippedLines: 0 });
    expect((await countCalls({ dir: tmp.path }, { server: 'odoo' })).count).toBe(31);
    expect((await countCalls({ dir: tmp.path }, { from: new Date(T0 - DAY).toISOString() })).count).toBe(30);
  });

  it('widens buckets for long ranges and refuses an empty range', async () => {
    const stats = await callStats({ dir: tmp.path }, { from: new Date(T0 - 30 * DAY).toISOString(), to: new Date(T0).toISOString() });
    expect(stats.bucketSeconds).toBe(1800);
    await expect(callStats({ dir: tmp.path }, { from: new Date(T0).toISOString(), to: new Date(T0).toISOString() })).rejects.toThrow(/before/);
  });
});
