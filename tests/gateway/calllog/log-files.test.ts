import { appendFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import {
  callLogDir, callLogPath, dayStartMs, isCallRecord, listCallLogFiles, parseCallLine, pruneCallLogs, readCallLogFile, utcDay,
  type ReadTally,
} from '../../../electron/gateway/calllog/log-files.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { DAY, T0, makeRecord } from './helpers.js';

const tmp = useTempDir('portcullis-logfiles-');

async function collect(file: string, tally: ReadTally) {
  const out = [];
  for await (const record of readCallLogFile(file, tally)) out.push(record);
  return out;
}

it('names: logs folder, day file, UTC day of an ISO time or epoch ms, start of a day', () => {
  expect(callLogDir('/data')).toBe(path.join('/data', 'logs'));
  expect(callLogPath('/data/logs', '2026-11-20')).toBe(path.join('/data/logs', 'calls-2026-11-20.jsonl'));
  expect(utcDay('2026-11-20T23:59:59.999Z')).toBe('2026-11-20');
  expect(utcDay('2026-11-21T01:00:00+02:00')).toBe('2026-11-20'); // not UTC text: converted
  expect(utcDay(T0)).toBe('2026-11-20');
  expect(dayStartMs('2026-11-20')).toBe(Date.parse('2026-11-20T00:00:00.000Z'));
});

it('listCallLogFiles: none for a missing folder; only call-log files, oldest day first', async () => {
  expect(await listCallLogFiles(path.join(tmp.path, 'nope'))).toEqual([]);
  for (const name of ['calls-2026-11-20.jsonl', 'calls-2026-01-02.jsonl', 'calls-2026-11-20.jsonl.tmp', 'other.txt', 'calls-26-1-1.jsonl']) {
    await writeFile(path.join(tmp.path, name), '');
  }
  expect(await listCallLogFiles(tmp.path)).toEqual([
    { day: '2026-01-02', path: path.join(tmp.path, 'calls-2026-01-02.jsonl') },
    { day: '2026-11-20', path: path.join(tmp.path, 'calls-2026-11-20.jsonl') },
  ]);
});

it('listCallLogFiles: a path that is not a folder is an error', async () => {
  const file = path.join(tmp.path, 'file');
  await writeFile(file, '');
  await expect(listCallLogFiles(file)).rejects.toMatchObject({ code: 'ENOTDIR' });
});

it('isCallRecord and parseCallLine accept a record and nothing short of one', () => {
  const record = makeRecord(T0);
  expect(isCallRecord(record)).toBe(true);
  expect(parseCallLine(JSON.stringify(record))).toEqual(record);
  for (const bad of [null, 'x', [], { ...record, latency: null }, { ...record, id: 1 }, { ...record, upstream: undefined }]) expect(isCallRecord(bad)).toBe(false);
  for (const line of ['', '   ', '{"id":', '42', JSON.stringify({ ...record, tool: undefined })]) expect(parseCallLine(line)).toBeUndefined();
});

it('readCallLogFile streams records in file order, skipping and counting torn or foreign lines', async () => {
  const file = path.join(tmp.path, 'calls-2026-11-20.jsonl');
  const a = makeRecord(T0);
  const b = makeRecord(T0 + 1);
  await appendFile(file, `${JSON.stringify(a)}\n\n{"not":"a record"}\n${JSON.stringify(b)}\n{"id":"torn`);
  const tally = { skippedLines: 0 };
  expect(await collect(file, tally)).toEqual([a, b]);
  expect(tally.skippedLines).toBe(2);
});

it('readCallLogFile: a file removed before it is read yields nothing', async () => {
  const tally = { skippedLines: 0 };
  expect(await collect(path.join(tmp.path, 'calls-2000-01-01.jsonl'), tally)).toEqual([]);
});

it('pruneCallLogs keeps today and the retention days before it, deletes the older ones', async () => {
  const dir = path.join(tmp.path, 'logs');
  await mkdir(dir);
  for (const daysAgo of [0, 1, 2, 3, 10]) await writeFile(callLogPath(dir, utcDay(T0 - daysAgo * DAY)), '');
  const deleted = await pruneCallLogs(dir, 2, T0);
  expect(deleted.sort()).toEqual([callLogPath(dir, utcDay(T0 - 10 * DAY)), callLogPath(dir, utcDay(T0 - 3 * DAY))].sort());
  expect((await readdir(dir)).sort()).toEqual([0, 1, 2].map((d) => `calls-${utcDay(T0 - d * DAY)}.jsonl`).sort());
});

it('pruneCallLogs with 0, a negative or NaN retention keeps everything', async () => {
  await writeFile(callLogPath(tmp.path, '2000-01-01'), '');
  for (const days of [0, -5, Number.NaN]) expect(await pruneCallLogs(tmp.path, days, T0)).toEqual([]);
  expect(await readdir(tmp.path)).toEqual(['calls-2000-01-01.jsonl']);
});
