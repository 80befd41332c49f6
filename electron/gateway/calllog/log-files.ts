// The call log on disk: one JSONL file per UTC day, `logs/calls-YYYY-MM-DD.jsonl`
// in the data directory. Naming, listing, line-by-line reading that survives a
// torn last line, and retention.
import { createReadStream } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { CallRecord } from '../../../shared/calls.js';

const FILE_PATTERN = /^calls-(\d{4}-\d{2}-\d{2})\.jsonl$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CallLogFile {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  path: string;
}

/** Counts lines that were not records: torn by a crash, or edited by hand. */
export interface ReadTally {
  skippedLines: number;
}

export function callLogDir(dataDir: string): string {
  return path.join(dataDir, 'logs');
}

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The UTC day of an ISO time or epoch ms, `YYYY-MM-DD`. */
export function utcDay(time: string | number): string {
  // The log's own times are toISOString() output, already UTC: the day is their first ten characters.
  if (typeof time === 'string' && ISO_UTC.test(time)) return time.slice(0, 10);
  return new Date(time).toISOString().slice(0, 10);
}

export function callLogPath(dir: string, day: string): string {
  return path.join(dir, `calls-${day}.jsonl`);
}

/** Start of a UTC day, epoch ms. */
export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

/** The call-log files in `dir`, oldest day first; none if the folder does not exist yet. */
export async function listCallLogFiles(dir: string): Promise<CallLogFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: CallLogFile[] = [];
  for (const name of names) {
    const day = FILE_PATTERN.exec(name)?.[1];
    if (day !== undefined) files.push({ day, path: path.join(dir, name) });
  }
  return files.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** Enough of a shape check that the query code can trust the fields it reads. */
export function isCallRecord(value: unknown): value is CallRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.id === 'string' && typeof r.time === 'string' && typeof r.server === 'string' &&
    typeof r.grant === 'string' && typeof r.session === 'string' && typeof r.tool === 'string' &&
    typeof r.decision === 'string' && typeof r.upstream === 'string' &&
    typeof r.latency === 'object' && r.latency !== null
  );
}

/** Parses one JSONL line; undefined if it is not a record. */
export function parseCallLine(line: string): CallRecord | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return isCallRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Streams the records of one file in file order; bad lines are skipped and counted. */
export async function* readCallLogFile(file: string, tally: ReadTally): AsyncGenerator<CallRecord> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line === '') continue;
      const record = parseCallLine(line);
      if (record) yield record;
      else tally.skippedLines++;
    }
  } catch (error) {
    // The file went away between listing and reading (retention ran): nothing to read.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  } finally {
    lines.close();
    stream.destroy();
  }
}

/**
 * Deletes files for days before `retentionDays` days ago: with 30, today's file
 * and the 30 before it are kept. 0 or less keeps everything. Returns what was deleted.
 */
export async function pruneCallLogs(dir: string, retentionDays: number, nowMs: number): Promise<string[]> {
  if (!(retentionDays > 0)) return [];
  const oldestKept = utcDay(nowMs - Math.floor(retentionDays) * DAY_MS);
  const deleted: string[] = [];
  for (const file of await listCallLogFiles(dir)) {
    if (file.day >= oldestKept) break;
    try {
      await unlink(file.path);
      deleted.push(file.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return deleted;
}
