// Shared fixtures for the call-log tests: records with ids that match their times, and temp dirs.
import { appendFile } from 'node:fs/promises';
import type { CallRecord } from '../../../shared/calls.js';
import { createCallIdGenerator } from '../../../electron/gateway/calllog/call-id.js';
import { callLogPath, utcDay } from '../../../electron/gateway/calllog/log-files.js';
import { makeTempDir as makeSharedTempDir, removeTempDir } from '../../helpers/temp-dir.js';

const nextId = createCallIdGenerator();

export function makeRecord(ms: number, overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    id: nextId(ms),
    time: new Date(ms).toISOString(),
    server: 'odoo',
    grant: 'claude',
    session: 's1',
    client: { name: 'claude-desktop', version: '1.0.0' },
    tool: 'odoo_search',
    arguments: { model: 'res.partner', limit: 5 },
    decision: 'allow',
    rule: 'tools.odoo_search',
    upstream: 'ok',
    resultBytes: 120,
    latency: { gatewayMs: 1, upstreamMs: 10, totalMs: 11 },
    ...overrides,
  };
}

export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = makeSharedTempDir('portcullis-calllog-');
  return { dir, cleanup: async () => removeTempDir(dir) };
}

/** Appends the records to the day files of `dir` they belong in (one append per day). */
export async function writeRecords(dir: string, records: CallRecord[]): Promise<void> {
  const text = new Map<string, string>();
  for (const r of records) text.set(utcDay(r.time), (text.get(utcDay(r.time)) ?? '') + JSON.stringify(r) + '\n');
  for (const [day, lines] of text) await appendFile(callLogPath(dir, day), lines);
}

export const T0 = Date.parse('2026-11-20T10:00:00.000Z');
export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
