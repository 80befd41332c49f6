import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallLogEvent, CallRecord } from '../../../shared/calls.js';
import { callVerdict } from '../../../shared/calls.js';
import type { CallOutcome, CallStartInput } from '../../../electron/gateway/calllog/call-log.js';
import { CallLog, callLogReader } from '../../../electron/gateway/calllog/call-log.js';
import { CallLogWriter } from '../../../electron/gateway/calllog/call-log-writer.js';
import { callLogDir, callLogPath, utcDay } from '../../../electron/gateway/calllog/log-files.js';
import { REDACTED } from '../../../electron/gateway/calllog/redact.js';
import { T0, makeRecord, makeTempDir } from './helpers.js';

let dataDir: string;
let cleanup: () => Promise<void>;
const logs: CallLog[] = [];
beforeEach(async () => {
  ({ dir: dataDir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  for (const log of logs.splice(0)) await log.close();
  await cleanup();
});

async function openLog(options: Partial<Parameters<typeof CallLog.open>[0]> = {}): Promise<CallLog> {
  const log = await CallLog.open({ dataDir, flushIntervalMs: 60_000, ...options });
  logs.push(log);
  return log;
}

const input = (overrides: Partial<CallStartInput> = {}): CallStartInput => ({
  server: 'odoo', grant: 'claude', session: 's1', client: { name: 'claude-desktop', version: '1.2.0' },
  tool: 'odoo_search', arguments: { model: 'res.partner' }, ...overrides,
});

describe('CallLog', () => {
  it('records a call with redacted arguments, the latency split and the outcome', async () => {
    const log = await openLog();
    const call = log.start(input({
      tool: 'ai_pipeline_run',
      arguments: { pipeline: 'refresh', api_key: 'k-123', iban: 'DE89370400440532013000', note: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' },
      redactKeys: ['iban'],
    }));
    expect(call.call.arguments).toEqual({ pipeline: 'refresh', api_key: REDACTED, iban: REDACTED, note: REDACTED });
    const record = log.finish(call, {
      decision: 'approve', rule: 'tools.ai_pipeline_run', upstream: 'tool-error',
      error: 'failed with token sk-abcdefghijklmnopqrstuvwxyz', resultBytes: 321,
      approval: { id: 'ap1', outcome: 'approved', scope: 'session', waitedMs: 2000 },
      counters: [{ counter: 'ai_pipeline_run_rate', scope: 'grant', used: 4, max: 10 }],
      pin: 'new', upstreamMs: 300, totalMs: 2350,
    });
    expect(record).toMatchObject({
      id: call.call.id, server: 'odoo', grant: 'claude', session: 's1', client: { name: 'claude-desktop', version: '1.2.0' },
      decision: 'approve', rule: 'tools.ai_pipeline_run', upstream: 'tool-error', resultBytes: 321, pin: 'new',
      error: `failed with token ${REDACTED}`, latency: { gatewayMs: 50, upstreamMs: 300, totalMs: 2350 },
    });
    expect(callVerdict(record)).toBe('approved');
    expect(Date.parse(record.time)).toBeGreaterThan(Date.now() - 10_000);
  });

  it('measures wall time when none is given', async () => {
    const log = await openLog();
    const call = log.start(input());
    await new Promise((resolve) => setTimeout(resolve, 30));
    const { latency } = log.finish(call, { decision: 'allow', upstream: 'ok', upstreamMs: 10 });
    expect(latency.totalMs).toBeGreaterThanOrEqual(25);
    expect(latency.gatewayMs).toBeCloseTo(latency.totalMs - 10, 1);
  });

  it('emits callStarted then callFinished to subscribers; a failing one harms nobody', async () => {
    const warnings: string[] = [];
    const log = await openLog({ onWarning: (m) => warnings.push(m) });
    const events: CallLogEvent[] = [];
    log.subscribe(() => {
      throw new Error('bad subscriber');
    });
    const unsubscribe = log.subscribe((event) => events.push(event));
    const call = log.start(input());
    const record = log.finish(call, { decision: 'allow', upstream: 'ok' });
    expect(log.finish(call, { decision: 'deny', upstream: 'not-called' })).toBe(record); // a second finish is ignored
    unsubscribe();
    log.finish(log.start(input()), { decision: 'allow', upstream: 'ok' });
    expect(events).toEqual([{ type: 'callStarted', call: call.call }, { type: 'callFinished', record }]);
    expect(warnings.filter((w) => /bad subscriber/.test(w))).toHaveLength(4);
  });

  it('records allowed, denied, hidden, approved, timed-out and upstream-error calls, queryable at once and after restart', async () => {
    const log = await openLog();
    const outcomes: [string, CallOutcome][] = [
      ['allowed', { decision: 'allow', upstream: 'ok' }],
      ['denied', { decision: 'deny', rule: 'tools.odoo_unlink', reason: 'Deleting records is not allowed', upstream: 'not-called' }],
      ['hidden', { decision: 'hide', rule: 'hide', upstream: 'not-called' }],
      ['approved', { decision: 'approve', upstream: 'ok', approval: { id: 'a1', outcome: 'approved', scope: 'once', waitedMs: 5 } }],
      ['approval-timeout', { decision: 'approve', upstream: 'not-called', approval: { id: 'a2', outcome: 'timeout', waitedMs: 120_000 } }],
      ['approval-withdrawn', { decision: 'approve', upstream: 'not-called', approval: { id: 'a3', outcome: 'withdrawn', waitedMs: 50 } }],
      ['allowed', { decision: 'allow', upstream: 'protocol-error', error: 'MCP error -32602: Invalid params' }],
      ['allowed', { decision: 'allow', upstream: 'timeout', error: 'Upstream did not answer within 120 s' }],
    ];
    for (const [, outcome] of outcomes) log.finish(log.start(input()), outcome);

    // Before any flush: answered from memory.
    const live = await log.query({});
    expect(live.records.map(callVerdict)).toEqual(outcomes.map(([verdict]) => verdict).reverse());
    expect((await log.query({ decision: 'denied' })).records).toHaveLength(1);
    expect((await log.query({ upstream: 'timeout' })).records).toHaveLength(1);

    await log.close();
    const reader = callLogReader(dataDir);
    const fromDisk = await reader.query({});
    expect(fromDisk.records).toEqual(live.records);
    expect((await reader.stats({})).denials).toBe(4);
  });

  it('keeps every call once across the ring, the buffer and the files', async () => {
    const log = await openLog({ recentCapacity: 10 });
    const records: CallRecord[] = [];
    for (let i = 0; i < 45; i++) {
      records.push(log.finish(log.start(input({ tool: `tool_${i % 3}` })), { decision: 'allow', upstream: 'ok' }));
      if (i % 9 === 0) await log.flush();
    }
    const newest = [...records].reverse();
    const page = await log.query({ limit: 1000 });
    expect(page.records.map((r) => r.id)).toEqual(newest.map((r) => r.id));
    const tool1 = await log.query({ tool: 'tool_1', limit: 4 });
    expect(tool1.records.map((r) => r.id)).toEqual(newest.filter((r) => r.tool === 'tool_1').slice(0, 4).map((r) => r.id));
    expect(log.status().recent).toBe(10);
  });

  it('exports what it recorded', async () => {
    const log = await openLog();
    for (let i = 0; i < 5; i++) log.finish(log.start(input({ arguments: { i } })), { decision: 'allow', upstream: 'ok' });
    let jsonl = '';
    for await (const chunk of log.export({}, 'jsonl')) jsonl += chunk;
    expect(jsonl.trim().split('\n').map((line) => (JSON.parse(line) as CallRecord).arguments)).toEqual([4, 3, 2, 1, 0].map((i) => ({ i })));
  });
});

describe('volume', () => {
  // How fast: bench/call-log-throughput.mjs. Here: that nothing is lost at volume.
  it('100,000 records appended and flushed in chunks of 5,000 are all on disk; 20,000 whole calls all written', async () => {
    const n = 100_000;
    const chunk = 5_000;
    const dir = callLogDir(dataDir);
    const writer = new CallLogWriter({ dir, flushIntervalMs: 500 });
    await writer.start();
    for (let i = 0; i < n; i += chunk) {
      for (let j = i; j < i + chunk; j++) writer.append(makeRecord(T0 + j));
      await writer.flush();
    }
    await writer.close();
    expect(writer.status()).toMatchObject({ written: n, dropped: 0 });
    const lines = (await readFile(callLogPath(dir, utcDay(T0)), 'utf8')).split('\n').filter(Boolean).length;
    expect(lines).toBe(n);

    // Whole path per call (id, redaction, record, append, feed), with the event loop turning as it does between calls.
    const log = await CallLog.open({ dataDir: `${dataDir}/full`, flushIntervalMs: 500 });
    const calls = 20_000;
    for (let i = 0; i < calls; i++) {
      log.finish(log.start(input({ arguments: { model: 'res.partner', domain: [['id', '>', i]], password: 'x' } })), { decision: 'allow', upstream: 'ok' });
      if (i % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
    }
    await log.close();
    expect(log.status()).toMatchObject({ written: calls, dropped: 0 });
  });
});
