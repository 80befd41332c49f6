import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../shared/calls.js';
import { CallLogWriter } from '../../../electron/gateway/calllog/call-log-writer.js';
import { callLogPath, readCallLogFile } from '../../../electron/gateway/calllog/log-files.js';
import { DAY, T0, makeRecord, makeTempDir } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
const writers: CallLogWriter[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  for (const writer of writers.splice(0)) await writer.close();
  await cleanup();
});

async function startWriter(options: Partial<ConstructorParameters<typeof CallLogWriter>[0]> = {}): Promise<CallLogWriter> {
  const writer = new CallLogWriter({ dir, flushIntervalMs: 60_000, now: () => T0, ...options });
  writers.push(writer);
  await writer.start();
  return writer;
}

async function readAll(file: string): Promise<{ records: CallRecord[]; skippedLines: number }> {
  const tally = { skippedLines: 0 };
  const records: CallRecord[] = [];
  for await (const record of readCallLogFile(file, tally)) records.push(record);
  return { records, skippedLines: tally.skippedLines };
}

const lineCount = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter(Boolean).length;

describe('CallLogWriter', () => {
  it('writes each record to the file of its UTC day', async () => {
    const writer = await startWriter();
    const late = makeRecord(Date.parse('2026-11-20T23:59:59.999Z'));
    const early = makeRecord(Date.parse('2026-11-21T00:00:00.000Z'));
    writer.append(late);
    writer.append(early);
    await writer.flush();
    expect((await readdir(dir)).sort()).toEqual(['calls-2026-11-20.jsonl', 'calls-2026-11-21.jsonl']);
    expect((await readAll(callLogPath(dir, '2026-11-20'))).records).toEqual([late]);
    expect((await readAll(callLogPath(dir, '2026-11-21'))).records).toEqual([early]);
  });

  it('an appended record is on disk before the event loop turns again, with no timer', async () => {
    const writer = await startWriter(); // the timer is 60 s: it never fires here
    writer.append(makeRecord(T0));
    const file = callLogPath(dir, '2026-11-20');
    expect(writer.status().buffered).toBe(1);
    await Promise.resolve(); // promise callbacks of the same turn (an answer going out) come first
    await new Promise((resolve) => setImmediate(resolve));
    expect(await lineCount(file)).toBe(1);
    expect(writer.status()).toMatchObject({ buffered: 0, written: 1, dropped: 0, flushes: 1 });
  });

  it('loses nothing on close, and drops (and counts) appends after it', async () => {
    const writer = await startWriter();
    const records = Array.from({ length: 1000 }, (_, i) => makeRecord(T0 + i));
    for (const record of records) writer.append(record);
    await writer.close();
    expect((await readAll(callLogPath(dir, '2026-11-20'))).records).toEqual(records);
    expect(writer.append(makeRecord(T0))).toBe(false);
    expect(writer.status().dropped).toBe(1);
  });

  it('stays bounded under a burst of 50,000 appends in one tick and reports the drops', async () => {
    const warnings: string[] = [];
    const writer = await startWriter({ maxBufferedRecords: 20_000, onWarning: (m) => warnings.push(m) });
    let accepted = 0;
    let maxHeld = 0;
    for (let i = 0; i < 50_000; i++) {
      if (writer.append(makeRecord(T0 + i))) accepted++;
      maxHeld = Math.max(maxHeld, writer.status().buffered);
    }
    expect(accepted).toBe(20_000);
    expect(maxHeld).toBe(20_000);
    expect(writer.status().dropped).toBe(30_000);
    await writer.close();
    expect(await lineCount(callLogPath(dir, '2026-11-20'))).toBe(20_000);
    expect(warnings.some((w) => /dropped 30000 records/.test(w))).toBe(true);
  });

  it('records appended in one turn share one write; a steady trickle opens the file once', async () => {
    const writer = await startWriter();
    for (let turn = 1; turn <= 5; turn++) {
      for (let i = 0; i < 100; i++) writer.append(makeRecord(T0 + turn * 1000 + i));
      await new Promise((resolve) => setImmediate(resolve));
      expect(writer.status()).toMatchObject({ written: turn * 100, buffered: 0, flushes: turn });
    }
    expect(await lineCount(callLogPath(dir, '2026-11-20'))).toBe(500);
  });

  it('reads past a torn last line, and does not glue the next record onto it', async () => {
    const file = callLogPath(dir, '2026-11-20');
    const good = [makeRecord(T0), makeRecord(T0 + 1)];
    const torn = JSON.stringify(makeRecord(T0 + 2)).slice(0, 40);
    await writeFile(file, good.map((r) => JSON.stringify(r)).join('\n') + '\n' + torn);
    expect(await readAll(file)).toEqual({ records: good, skippedLines: 1 });

    const writer = await startWriter();
    const next = makeRecord(T0 + 3);
    writer.append(next);
    await writer.flush();
    expect(await readAll(file)).toEqual({ records: [...good, next], skippedLines: 1 });
  });

  it('keeps records through a failed write and writes them once the disk recovers', async () => {
    const warnings: string[] = [];
    const writer = await startWriter({ onWarning: (m) => warnings.push(m) });
    const file = callLogPath(dir, '2026-11-20');
    await mkdir(file); // appendFile on a directory fails with EISDIR
    const record = makeRecord(T0);
    writer.append(record);
    await writer.flush();
    expect(writer.status()).toMatchObject({ buffered: 1, written: 0 });
    expect(writer.status().lastError).toMatch(/EISDIR/);
    expect(warnings.join('\n')).toMatch(/Could not write the call log/);
    await rm(file, { recursive: true });
    await writer.flush();
    expect(writer.status()).toMatchObject({ buffered: 0, written: 1 });
    expect(writer.status().lastError).toBeUndefined();
    expect((await readAll(file)).records).toEqual([record]);
  });

  it('makes the logs folder again if it was deleted while running, and writes again what went into the deleted file', async () => {
    const writer = await startWriter({ flushIntervalMs: 20 });
    writer.append(makeRecord(T0));
    await writer.flush();
    await rm(dir, { recursive: true });
    writer.append(makeRecord(T0 + 1)); // into the open, deleted file
    await writer.flush();
    const file = callLogPath(dir, '2026-11-20');
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && !(await readFile(file, 'utf8').catch(() => '')).includes(makeRecord(T0 + 1).time)) await new Promise((resolve) => setTimeout(resolve, 10));
    // The first record went with the folder (it was on disk when the folder was deleted); the second is not lost.
    expect((await readAll(file)).records.map((r) => r.time)).toContain(makeRecord(T0 + 1).time);
    expect(writer.status()).toMatchObject({ buffered: 0 });
  });

  it('deletes files past retention at start and when the setting changes', async () => {
    const now = Date.parse('2026-11-30T12:00:00.000Z');
    const days = ['2026-11-01', '2026-11-22', '2026-11-23', '2026-11-29', '2026-11-30'];
    for (const day of days) await writeFile(callLogPath(dir, day), '');
    await writeFile(path.join(dir, 'notes.txt'), 'not a log');
    const writer = await startWriter({ retentionDays: 7, now: () => now });
    expect((await readdir(dir)).sort()).toEqual(['calls-2026-11-23.jsonl', 'calls-2026-11-29.jsonl', 'calls-2026-11-30.jsonl', 'notes.txt']);
    writer.setRetentionDays(1, false);
    expect(await writer.prune()).toEqual([callLogPath(dir, '2026-11-23')]);
    expect((await readdir(dir)).sort()).toEqual(['calls-2026-11-29.jsonl', 'calls-2026-11-30.jsonl', 'notes.txt']);
  });

  it('keeps every file when retention is 0', async () => {
    await writeFile(callLogPath(dir, '2020-01-01'), '');
    await startWriter({ retentionDays: 0, now: () => T0 + 1000 * DAY });
    expect(await readdir(dir)).toEqual(['calls-2020-01-01.jsonl']);
  });
});
