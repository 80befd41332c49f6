// Upstream faults under the full app: each gives the client a clear answer within its
// timeout, and nothing leaks: child processes and file descriptors are counted before/after.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { faultyStdio } from '../helpers/faulty.js';
import { waitFor } from '../helpers/wait-for.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';

function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Every process whose ancestry leads to this test process (children, grandchildren …). */
function descendants(): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited meanwhile
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parents) {
      if (parent !== pid) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(process.pid);
  return found;
}

const POLICY = { version: '1', default: 'allow' };
let app: TestApp;
let token: string;
let fdsBefore: number;
let childrenBefore: number;
beforeAll(async () => {
  fdsBefore = openFds();
  childrenBefore = descendants().length;
  app = await startTestApp({
    servers: {
      faulty: faultyStdio(),
      hanger: faultyStdio(),
      slow: faultyStdio({ FAULTY_MODE: 'slow-start', FAULTY_DELAY_MS: '2500' }),
      broken: faultyStdio({ FAULTY_MODE: 'exit-at-start' }),
    },
    policies: { faulty: POLICY, hanger: POLICY, slow: POLICY, broken: POLICY },
  });
  await app.app.gateway.config.update((d) => {
    d.servers.find((s) => s.id === 'hanger')!.callTimeoutSeconds = 2;
  });
  token = await app.grant('faults');
});
afterAll(async () => {
  await app?.stop();
});

const auth = () => ({ Authorization: `Bearer ${token}` });

test('crash mid-call, hang, garbage on stdout, a 20 MB response: clear answers, the session survives', { timeout: 60_000 }, async () => {
  const client = await connectHttpClient(app.endpoint('faulty'), auth());
  await expect(client.callTool({ name: 'crash', arguments: {} })).rejects.toThrow(/exited unexpectedly/);
  const hanger = await connectHttpClient(app.endpoint('hanger'), auth());
  // The gateway's own timeout answered (its message, its code), not the client's 60 s default.
  await expect(hanger.callTool({ name: 'hang', arguments: {} })).rejects.toThrow(/^MCP error -32001: Upstream server 'hanger' did not answer tools\/call within 2 s/);
  await hanger.close();
  expect(textOf(await client.callTool({ name: 'garbage', arguments: {} }))).toBe('ok after garbage');
  const big = await client.callTool({ name: 'big', arguments: { bytes: 20 * 1024 * 1024 } });
  expect(textOf(big).length).toBe(20 * 1024 * 1024);
  const record = (await app.api.queryCalls({ tool: 'big', limit: 1 })).records[0]!;
  expect(record.resultBytes).toBeGreaterThan(20 * 1024 * 1024);
  await client.close();
});

test('a slow start still connects; an upstream that exits at start is a clear 502', { timeout: 30_000 }, async () => {
  const slow = await connectHttpClient(app.endpoint('slow'), auth());
  expect(textOf(await slow.callTool({ name: 'remember', arguments: { value: 'late' } }))).toBe('remembered late');
  await slow.close();
  await expect(connectHttpClient(app.endpoint('broken'), auth())).rejects.toThrow(/refusing to start/);
});

test('after all of it, and the app closed, no child process or file descriptor is left behind', { timeout: 30_000 }, async () => {
  await app.stop();
  app = undefined as unknown as TestApp;
  await waitFor(() => descendants().length <= childrenBefore, { what: 'child processes to exit' });
  // A few descriptors may be held by the test runner itself; leaks would be dozens (one pipe trio per upstream).
  await waitFor(() => openFds() <= fdsBefore + 3, { what: `file descriptors to be released (before ${fdsBefore}, now ${openFds()})` });
});
