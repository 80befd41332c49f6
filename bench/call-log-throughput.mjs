// `node bench/call-log-throughput.mjs` (after npm run build:core): how fast the call log takes
// records. Append alone (what a call pays on its path); append + flush in chunks of 5,000
// (sustained, on disk); and the whole per-call path (id, redaction, record, append, feed)
// with the event loop turning as it does between calls. Prints records/s and calls/s; never
// fails on a figure. tests/gateway/calllog/call-log.test.ts checks that nothing is lost.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CallLog } from '../dist/electron/gateway/calllog/call-log.js';
import { CallLogWriter } from '../dist/electron/gateway/calllog/call-log-writer.js';
import { callLogDir } from '../dist/electron/gateway/calllog/log-files.js';
import { createCallIdGenerator } from '../dist/electron/gateway/calllog/call-id.js';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const nextId = createCallIdGenerator();
const record = (ms) => ({
  id: nextId(ms), time: new Date(ms).toISOString(), server: 'odoo', grant: 'claude', session: 's1',
  client: { name: 'claude-desktop', version: '1.0.0' }, tool: 'odoo_search', arguments: { model: 'res.partner', limit: 5 },
  decision: 'allow', rule: 'tools.odoo_search', upstream: 'ok', resultBytes: 120, latency: { gatewayMs: 1, upstreamMs: 10, totalMs: 11 },
});
const perSecond = (n, startedAt) => Math.round(n / ((performance.now() - startedAt) / 1000));

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-bench-calllog-'));
try {
  const n = 100_000;
  const chunk = 5_000;
  const records = Array.from({ length: n }, (_, i) => record(T0 + i));

  const probe = new CallLogWriter({ dir: path.join(dataDir, 'probe'), flushIntervalMs: 60_000 });
  let started = performance.now();
  for (let i = 0; i < 20_000; i++) probe.append(records[i]);
  const append = perSecond(20_000, started);

  const writer = new CallLogWriter({ dir: callLogDir(dataDir), flushIntervalMs: 500 });
  await writer.start();
  started = performance.now();
  for (let i = 0; i < n; i += chunk) {
    for (let j = i; j < i + chunk; j++) writer.append(records[j]);
    await writer.flush();
  }
  await writer.close();
  const appendFlush = perSecond(n, started);

  const log = await CallLog.open({ dataDir: path.join(dataDir, 'full'), flushIntervalMs: 500 });
  const calls = 20_000;
  started = performance.now();
  for (let i = 0; i < calls; i++) {
    const call = log.start({ server: 'odoo', grant: 'claude', session: 's1', client: { name: 'claude-desktop', version: '1.2.0' }, tool: 'odoo_search', arguments: { model: 'res.partner', domain: [['id', '>', i]], password: 'x' } });
    log.finish(call, { decision: 'allow', upstream: 'ok' });
    if (i % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
  }
  await log.close();
  const wholePath = perSecond(calls, started);
  console.log(`call log: append ${append} records/s; append+flush ${appendFlush} records/s; start+finish+flush ${wholePath} calls/s (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)})`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
