import { writeFile } from 'node:fs/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir.js';
import type { CallRecord } from '../../../shared/calls.js';
import { callVerdict, matchesCallFilter } from '../../../shared/calls.js';
import { callIdFloor } from '../../../electron/gateway/calllog/call-id.js';
import { clampLimit, queryCalls } from '../../../electron/gateway/calllog/call-log-query.js';
import type { CallLogSources } from '../../../electron/gateway/calllog/call-log-scan.js';
import { callLogPath, utcDay } from '../../../electron/gateway/calllog/log-files.js';
import { DAY, MINUTE, T0, makeRecord, writeRecords } from './helpers.js';

const tmp = useTempDir('portcullis-calllog-');

const newestFirst = (records: CallRecord[]) => [...records].sort((a, b) => (a.id < b.id ? 1 : -1));
const ids = (records: CallRecord[]) => records.map((r) => r.id);

/** A varied log over three days. */
function sampleLog(): CallRecord[] {
  return [
    makeRecord(T0 - DAY, { server: 'odoo', tool: 'odoo_search' }),
    makeRecord(T0 - DAY + MINUTE, { server: 'github', tool: 'create_issue', grant: 'cursor', arguments: { title: 'Fix the flaky login test' } }),
    makeRecord(T0, { server: 'odoo', tool: 'odoo_unlink', decision: 'deny', rule: 'tools.odoo_unlink', reason: 'Deleting records is not allowed', upstream: 'not-called' }),
    makeRecord(T0 + MINUTE, { server: 'odoo', tool: 'delete_all', decision: 'hide', rule: 'hide', upstream: 'not-called' }),
    makeRecord(T0 + 2 * MINUTE, {
      server: 'odoo', tool: 'odoo_execute', decision: 'approve', session: 's2', upstream: 'ok',
      approval: { id: 'a1', outcome: 'approved', scope: 'once', waitedMs: 4000 },
    }),
    makeRecord(T0 + 3 * MINUTE, {
      server: 'odoo', tool: 'odoo_execute', decision: 'approve', upstream: 'not-called',
      approval: { id: 'a2', outcome: 'timeout', waitedMs: 120_000 },
    }),
    makeRecord(T0 + DAY, { server: 'github', tool: 'search_code', upstream: 'timeout', error: 'Upstream did not answer in 120 s' }),
    makeRecord(T0 + DAY + MINUTE, { server: 'github', tool: 'search_code', upstream: 'tool-error', error: 'rate limited' }),
  ];
}

describe('queryCalls: filters', () => {
  let log: CallRecord[];
  const sources = (): CallLogSources => ({ dir: tmp.path });
  const query = async (q: Parameters<typeof queryCalls>[1]) => ids((await queryCalls(sources(), { limit: 100, ...q })).records);
  const expected = (pick: (r: CallRecord) => boolean) => ids(newestFirst(log.filter(pick)));

  beforeEach(async () => {
    log = sampleLog();
    await writeRecords(tmp.path, log);
  });

  it('returns everything newest first without filters', async () => {
    expect(await query({})).toEqual(ids(newestFirst(log)));
  });

  it('filters by server, grant, session, tool and upstream outcome', async () => {
    expect(await query({ server: 'github' })).toEqual(expected((r) => r.server === 'github'));
    expect(await query({ grant: 'cursor' })).toEqual(expected((r) => r.grant === 'cursor'));
    expect(await query({ session: 's2' })).toEqual(expected((r) => r.session === 's2'));
    expect(await query({ tool: 'odoo_execute' })).toEqual(expected((r) => r.tool === 'odoo_execute'));
    expect(await query({ upstream: 'timeout' })).toEqual(expected((r) => r.upstream === 'timeout'));
    expect(await query({ server: 'github', tool: 'search_code', upstream: 'tool-error' })).toHaveLength(1);
  });

  it('filters by policy decision or by verdict', async () => {
    expect(await query({ decision: 'approve' })).toEqual(expected((r) => r.decision === 'approve'));
    expect(await query({ decision: 'approval-timeout' })).toEqual(expected((r) => r.approval?.outcome === 'timeout'));
    expect(await query({ decision: 'approved' })).toEqual(expected((r) => r.approval?.outcome === 'approved'));
    expect(await query({ decision: 'hidden' })).toEqual(expected((r) => r.decision === 'hide'));
    expect(await query({ decision: 'deny' })).toHaveLength(1);
  });

  it('filters by time range: from inclusive, to exclusive, any ISO form', async () => {
    const from = new Date(T0).toISOString();
    const to = new Date(T0 + 3 * MINUTE).toISOString();
    expect(await query({ from, to })).toEqual(expected((r) => r.time >= from && r.time < to));
    expect(await query({ from: '2026-11-21T10:00:00+00:00' })).toEqual(expected((r) => Date.parse(r.time) >= T0 + DAY));
    await expect(queryCalls(sources(), { from: 'yesterday-ish' })).rejects.toThrow(/not a valid time/);
  });

  it('searches free text in tool, server, grant, reason, error and arguments, ignoring case', async () => {
    expect(await query({ text: 'FLAKY login' })).toEqual(expected((r) => r.tool === 'create_issue'));
    expect(await query({ text: 'not allowed' })).toEqual(expected((r) => r.tool === 'odoo_unlink'));
    expect(await query({ text: 'rate LIMITED' })).toHaveLength(1);
    expect(await query({ text: 'cursor' })).toEqual(expected((r) => r.grant === 'cursor'));
    expect(await query({ text: 'no such thing anywhere' })).toEqual([]);
  });

  it('matches the live feed with the same shared predicate', () => {
    const record = log[4]!;
    expect(callVerdict(record)).toBe('approved');
    expect(matchesCallFilter(record, { decision: 'approved', server: 'odoo', text: 'EXECUTE' })).toBe(true);
    expect(matchesCallFilter(record, { decision: 'denied' })).toBe(false);
  });
});

describe('queryCalls: pagination', () => {
  it('pages through every match once, newest first, with a cursor that survives new calls', async () => {
    const log = Array.from({ length: 25 }, (_, i) => makeRecord(T0 + i * MINUTE * 90, { tool: i % 5 === 0 ? 'other' : 'odoo_search' }));
    await writeRecords(tmp.path, log);
    const matching = ids(newestFirst(log.filter((r) => r.tool === 'odoo_search')));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await queryCalls({ dir: tmp.path }, { tool: 'odoo_search', limit: 7, cursor });
      seen.push(...ids(page.records));
      cursor = page.nextCursor;
      pages++;
      // A new call between pages must not shift the next page.
      if (pages === 1) await writeRecords(tmp.path, [makeRecord(T0 + 100 * DAY)]);
    } while (cursor);
    expect(seen).toEqual(matching);
    expect(pages).toBe(Math.ceil(matching.length / 7));
  });

  it('clamps the page size', async () => {
    expect(clampLimit(undefined)).toBe(50);
    expect(clampLimit(0)).toBe(1);
    expect(clampLimit(1e9)).toBe(1000);
    await writeRecords(tmp.path, Array.from({ length: 3 }, (_, i) => makeRecord(T0 + i)));
    expect((await queryCalls({ dir: tmp.path }, { limit: -5 })).records).toHaveLength(1);
  });

  it('stops at the newest files once the page is full', async () => {
    const recent = Array.from({ length: 6 }, (_, i) => makeRecord(T0 + i));
    await writeRecords(tmp.path, recent);
    await writeFile(callLogPath(tmp.path, utcDay(T0 - 3 * DAY)), 'torn{"id"\n'); // an older, damaged file
    const page = await queryCalls({ dir: tmp.path }, { limit: 5 });
    expect(page).toEqual({ records: newestFirst(recent).slice(0, 5), nextCursor: newestFirst(recent)[4]!.id, skippedLines: 0 });
    // Asking for more than the newest file holds reads on, and meets the damaged line.
    const all = await queryCalls({ dir: tmp.path }, { limit: 10 });
    expect(all.records).toHaveLength(6);
    expect(all.nextCursor).toBeUndefined();
    expect(all.skippedLines).toBe(1);
  });
});

describe('queryCalls: with a running gateway', () => {
  it('merges the ring, unwritten records and the files, each record once', async () => {
    const r = Array.from({ length: 7 }, (_, i) => makeRecord(T0 + i * MINUTE));
    // A long call that arrived between r[1] and r[2] and has not reached disk yet.
    const longCall = makeRecord(T0 + MINUTE + 30_000);
    await writeRecords(tmp.path, r.slice(0, 6));
    const pending = [r[6]!, longCall];
    const sources: CallLogSources = {
      dir: tmp.path,
      live: {
        recent: () => [r[3]!, r[4]!, r[5]!, r[6]!, longCall], // r[0..2] were evicted
        completeAbove: () => r[2]!.id,
        pending: () => pending,
      },
    };
    const everything = ids(newestFirst([...r, longCall]));
    expect(ids((await queryCalls(sources, { limit: 100 })).records)).toEqual(everything);
    // The long call reaches disk while still listed as pending: still once.
    await writeRecords(tmp.path, [longCall]);
    expect(ids((await queryCalls(sources, { limit: 100 })).records)).toEqual(everything);
  });

  it('answers recent pages from memory without reading the files', async () => {
    const r = Array.from({ length: 4 }, (_, i) => makeRecord(T0 + i));
    // The files exist but are damaged: reading them would count skipped lines.
    await writeFile(callLogPath(tmp.path, utcDay(T0)), 'garbage\n'.repeat(10));
    const sources: CallLogSources = {
      dir: tmp.path,
      live: { recent: () => r, completeAbove: () => callIdFloor(T0 - 1), pending: () => [] },
    };
    const page = await queryCalls(sources, { limit: 3 });
    expect(page).toEqual({ records: newestFirst(r).slice(0, 3), nextCursor: newestFirst(r)[2]!.id, skippedLines: 0 });
  });
});
