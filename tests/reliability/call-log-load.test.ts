// 10,000 calls through the gateway: the call log records every one exactly once and memory
// stays bounded. (Its throughput, with and without the log, is measured by npm run bench:
// bench/call-log-throughput.mjs, not here.)
import { afterEach, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { everythingStdio } from '../helpers/gateway.js';
// @ts-expect-error: plain ESM helper of the benchmarks, no type declarations
import { LeanClient } from '../../bench/lib/lean-client.mjs';

const CALLS = 10_000;
const CONCURRENCY = 16;

interface Lean {
  connect(): Promise<unknown>;
  callTool(name: string, args: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

async function drive(url: string, token: string): Promise<void> {
  const clients: Lean[] = Array.from({ length: CONCURRENCY }, () => new LeanClient(url, { Authorization: `Bearer ${token}` }));
  await Promise.all(clients.map((c) => c.connect()));
  let next = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (next < CALLS) {
        next++;
        await client.callTool('echo', { message: `call ${next}` });
      }
    }),
  );
  await Promise.all(clients.map((c) => c.close()));
}

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

test('10,000 calls: every one logged once, memory bounded', { timeout: 300_000 }, async () => {
  app = await startTestApp({ servers: { everything: everythingStdio() }, policies: { everything: { version: '1', default: 'allow' } } });
  const heapBefore = process.memoryUsage().heapUsed;
  await drive(app.endpoint('everything'), await app.grant('load'));
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
});
