import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import type { CallRecord } from '../../../shared/calls.js';
import { normaliseRange, scanCalls, type LiveCallSource, type ScanItem, type ScanRange } from '../../../electron/gateway/calllog/call-log-scan.js';
import { callIdFloor, createCallIdGenerator } from '../../../electron/gateway/calllog/call-id.js';
import { callLogPath, dayStartMs, utcDay } from '../../../electron/gateway/calllog/log-files.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { DAY, MINUTE, T0, makeRecord as makeSharedRecord } from './helpers.js';

const tmp = useTempDir('portcullis-scan-');

// The shared generator never goes back in time; each test makes records out of order, so each gets its own.
let nextId = createCallIdGenerator();
beforeEach(() => {
  nextId = createCallIdGenerator();
});
const makeRecord = (ms: number, overrides: Partial<CallRecord> = {}): CallRecord => makeSharedRecord(ms, { id: nextId(ms), ...overrides });

async function writeDays(dir: string, records: CallRecord[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const r of records) await appendFile(callLogPath(dir, utcDay(r.time)), JSON.stringify(r) + '\n');
}

async function scan(range: ScanRange, live?: LiveCallSource): Promise<ScanItem[]> {
  const items: ScanItem[] = [];
  for await (const item of scanCalls({ dir: tmp.path, live }, range, { skippedLines: 0 })) items.push(item);
  return items;
}

const ids = (items: ScanItem[]) => items.flatMap((item) => ('record' in item ? [item.record.id] : []));
const ceilings = (items: ScanItem[]) => items.flatMap((item) => ('ceiling' in item ? [item.ceiling] : []));

it('normaliseRange turns from/to into ISO UTC and refuses a time that does not parse, naming the key', () => {
  expect(normaliseRange({ from: '2026-11-20T12:00:00+02:00', server: 'x' })).toEqual({ from: '2026-11-20T10:00:00.000Z', server: 'x' });
  expect(() => normaliseRange({ to: 'yesterday' })).toThrow('"to" is not a valid time: yesterday');
});

it('reads day files newest first, with a ceiling after each file that bounds what is still to come', async () => {
  const old = makeRecord(T0 - 2 * DAY);
  const mid = makeRecord(T0 - DAY);
  const today = [makeRecord(T0), makeRecord(T0 + MINUTE)];
  await writeDays(tmp.path, [old, mid, ...today]);
  const items = await scan({});
  expect(ids(items)).toEqual([today[0]!.id, today[1]!.id, mid.id, old.id]); // file order within a day
  expect(ceilings(items)).toEqual(['~', callIdFloor(dayStartMs(utcDay(T0))), callIdFloor(dayStartMs(utcDay(T0 - DAY))), callIdFloor(dayStartMs(utcDay(T0 - 2 * DAY)))]);
});

it('filters by the range: before (a cursor), from/to days and fields', async () => {
  const records = [makeRecord(T0 - 2 * DAY), makeRecord(T0 - DAY, { tool: 'other' }), makeRecord(T0 - DAY), makeRecord(T0)];
  await writeDays(tmp.path, records);
  expect(ids(await scan({ before: records[3]!.id }))).toEqual([records[1]!.id, records[2]!.id, records[0]!.id]);
  expect(ids(await scan({ from: new Date(T0 - DAY - MINUTE).toISOString(), to: new Date(T0).toISOString(), tool: 'odoo_search' }))).toEqual([records[2]!.id]);
});

it('with a running gateway: ring records above the boundary and pending records at or below it, each once', async () => {
  const oldInRing = makeRecord(T0 - 2 * MINUTE); // below the boundary: read from disk, not the ring
  const onDisk = makeRecord(T0 - MINUTE);
  const pendingAlsoOnDisk = makeRecord(T0);
  const inRing = makeRecord(T0 + MINUTE);
  await writeDays(tmp.path, [oldInRing, onDisk, pendingAlsoOnDisk]);
  const live: LiveCallSource = {
    recent: () => [oldInRing, inRing],
    completeAbove: () => pendingAlsoOnDisk.id,
    pending: () => [pendingAlsoOnDisk],
  };
  const items = await scan({}, live);
  expect(ids(items).sort()).toEqual([oldInRing.id, onDisk.id, pendingAlsoOnDisk.id, inRing.id].sort());
  expect(ids(items).slice(0, 2)).toEqual([inRing.id, pendingAlsoOnDisk.id]); // memory first
  expect(ceilings(items)[0]).toBe(pendingAlsoOnDisk.id);
});

it('stops at the first file older than "from" and skips files newer than the ceiling', async () => {
  await writeDays(tmp.path, [makeRecord(T0 - 3 * DAY), makeRecord(T0)]);
  const items = await scan({ from: new Date(T0 - DAY).toISOString() });
  expect(ids(items)).toHaveLength(1);
  expect(ceilings(items)).toHaveLength(2); // the older file was not opened
  const beforeYesterday = await scan({ before: callIdFloor(T0 - 2 * DAY) });
  expect(ids(beforeYesterday)).toHaveLength(1);
  expect(ceilings(beforeYesterday)).toHaveLength(2); // today's file was not opened
});

it('a logs folder that does not exist yet gives the memory records only', async () => {
  const inRing = makeRecord(T0);
  const items: ScanItem[] = [];
  const live: LiveCallSource = { recent: () => [inRing], completeAbove: () => callIdFloor(T0 - 1), pending: () => [] };
  for await (const item of scanCalls({ dir: path.join(tmp.path, 'missing'), live }, {}, { skippedLines: 0 })) items.push(item);
  expect(ids(items)).toEqual([inRing.id]);
});
