// 10,000 calls through the gateway: the call log records every one exactly once, memory stays
// bounded, and the throughput with the log (the full app) and without it (the bare gateway
// core) is printed side by side for the record.
import { afterEach, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startTestGateway, everythingStdio, type TestGateway } from '../helpers/gateway.js';
// @ts-expect-error: plain ESM helper of the benchmarks, no type declarations
import { LeanClient } from '../../bench/lib/lean-client.mjs';

const CALLS = 10_000;
const CONCURRENCY = 16;

interface Lean {
  connect(): Promise<unknown>;
  callTool(name: string, args: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

async function drive(url: string, token: string): Promise<number> {
  const clients: Lean[] = Array.from({ length: CONCURRENCY }, () => new LeanClient(url, { Authorization: `Bearer ${token}` }));
  await Promise.all(clients.map((c) => c.connect()));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      while (next < CALLS) {
        next++;
        await client.callTool('echo', { message: `call ${next}` });
      }
    }),
  );
  const perSecond = CALLS / ((performance.now() - started) / 1000);
  await Promise.all(clients.map((c) => c.close()));
  return perSecond;
}

let app: TestApp | undefined;
let bare: TestGateway | undefined;
afterEach(async () => {
  await app?.stop();
  await bare?.close();
  app = bare = undefined;
});

test('10,000 calls: every one logged once, memory bounded; throughput with and without logging', { timeout: 240_000 }, async () => {
  app = await startTestApp({ servers: { everything: everythingStdio() }, policies: { everything: { version: '1', default: 'allow' } } });
  const heapBefore = process.memoryUsage().heapUsed;
  const withLog = await drive(app.endpoint('everything'), await app.grant('load'));
  await app.app.calls.flush();

  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await app.api.queryCalls({ limit: 1000, ...(cursor ? { cursor } : {}) });
    for (const record of page.records) {
      expect(record.upstream).toBe('ok');
      ids.add(record.id);
    }
    cursor = page.nextCursor;
  } while (cursor);
  expect(ids.size).toBe(CALLS);
  expect((await app.api.callStats({})).total).toBe(CALLS);
  expect(app.app.calls.status().dropped).toBe(0);
  // The log keeps a bounded ring in memory (20,000 records) and writes the rest to disk.
  const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  expect(heapGrowthMb).toBeLessThan(150);

  bare = await startTestGateway({ everything: everythingStdio() });
  const withoutLog = await drive(bare.endpoint('everything'), bare.token);
  console.log(`call log under load: ${CALLS} calls at concurrency ${CONCURRENCY}: ${withLog.toFixed(0)} calls/s with policy + call log, ${withoutLog.toFixed(0)} calls/s bare gateway (no policy, no log); heap growth ${heapGrowthMb.toFixed(1)} MB`);
});
