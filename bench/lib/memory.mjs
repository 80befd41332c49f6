// Memory of the front process only (VmRSS of its pid, not of the servers it spawns): idle,
// with N sessions open (each has made one call), again after they are all closed, and last its
// peak while one new session runs calls at 16 in flight (what the process holds under load).
// Fresh processes for this phase, so the idle figure is not an after-load figure.
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { LeanClient } from './lean-client.mjs';
import { leanEcho, throughput } from './load.mjs';
import { childPids, freePort, rssMb, spawnGroup, stopGroup, waitForChildren, waitForPort } from './processes.mjs';
import { EVERYTHING, prepareDataDir, removeDataDir, startGateway } from './portcullis.mjs';
import { ALLOW_ALL_POLICY } from './realistic-policy.mjs';

const LOOPBACK = path.resolve('bench/lib/loopback-only.mjs');
const node = process.execPath;
const SETTLE_MS = 2000;
const LOAD_MS = 5000;
const LOAD_CONCURRENCY = 16;

async function portcullisFront() {
  const serverIds = ['everything1', 'everything2', 'everything3', 'everything4', 'everything5'];
  const prepared = await prepareDataDir({ serverIds, policy: ALLOW_ALL_POLICY });
  const gateway = await startGateway(prepared);
  return {
    pid: gateway.pid,
    // Sessions spread over the 5 servers, as several clients would.
    url: (i) => gateway.endpoint(serverIds[i % serverIds.length]),
    headers: { Authorization: `Bearer ${prepared.token}` },
    note: '5 servers registered (the gateway keeps its own catalog connection to each); one upstream process per session',
    stop: async () => {
      await gateway.stop();
      await removeDataDir(prepared.dataDir);
    },
  };
}

async function portFront(args, note) {
  const port = await freePort();
  const child = spawnGroup(node, args(port), { env: { PORT: String(port) } });
  await waitForPort(port, child);
  return { pid: child.pid, url: () => `http://127.0.0.1:${port}/mcp`, headers: {}, note, stop: () => stopGroup(child) };
}

export const MEMORY_FRONTS = {
  'portcullis-allow': portcullisFront,
  supergateway: () =>
    portFront(
      (port) => ['--import', LOOPBACK, path.resolve('node_modules/supergateway/dist/index.js'), '--stdio', `${node} ${EVERYTHING} stdio`, '--outputTransport', 'streamableHttp', '--stateful', '--port', String(port), '--logLevel', 'none'],
      'one stdio server; one upstream process per session',
    ),
  'mcp-proxy': () =>
    portFront(
      (port) => [path.resolve('node_modules/mcp-proxy/dist/bin/mcp-proxy.mjs'), '--port', String(port), '--host', '127.0.0.1', '--', node, EVERYTHING, 'stdio'],
      'one stdio server; all sessions share its one upstream process',
    ),
  'everything-http': () => portFront(() => ['--import', LOOPBACK, EVERYTHING, 'streamableHttp'], 'the reference server itself: sessions live in its process'),
};

/** Runs `fn` over `items` with at most `limit` at a time; returns the settled results. */
async function pool(items, limit, fn) {
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]).then((value) => ({ ok: true, value }), (error) => ({ ok: false, error }));
      }
    }),
  );
  return results;
}

export async function measureMemory(id, { sessions = 100, openConcurrency = 8 } = {}) {
  const front = await MEMORY_FRONTS[id]();
  try {
    await delay(SETTLE_MS);
    const idleChildren = childPids(front.pid).length;
    const idle = rssMb(front.pid);
    const started = performance.now();
    const opened = await pool([...Array(sessions).keys()], openConcurrency, async (i) => {
      const client = new LeanClient(front.url(i), front.headers, { timeoutMs: 30_000 });
      await client.connect();
      await leanEcho(client)();
      return client;
    });
    const openMs = performance.now() - started;
    const clients = opened.filter((r) => r.ok).map((r) => r.value);
    const failures = opened.filter((r) => !r.ok).map((r) => r.error.message);
    await delay(1000);
    const withSessions = rssMb(front.pid);
    const childrenWithSessions = childPids(front.pid).length;
    await Promise.all(clients.map((c) => c.close()));
    const childrenLeft = await waitForChildren(front.pid, idleChildren);
    await delay(SETTLE_MS);
    const after = rssMb(front.pid);
    // Last, so that the after-close figure is the sessions' own: a busy gateway keeps more.
    const underLoad = await peakRssUnderLoad(front);
    return {
      note: front.note,
      idleMb: idle,
      sessionsOpened: clients.length,
      openFailures: failures.length,
      firstFailure: failures[0],
      openSeconds: Math.round(openMs) / 1000,
      withSessionsMb: withSessions,
      perSessionKb: clients.length ? Math.round(((withSessions - idle) * 1024) / clients.length) : undefined,
      underLoadPeakMb: underLoad.peakMb,
      underLoadCallsPerSec: underLoad.callsPerSec,
      afterCloseMb: after,
      childProcesses: { idle: idleChildren, withSessions: childrenWithSessions, afterClose: childrenLeft },
    };
  } finally {
    await front.stop();
  }
}

/** The front's highest RSS, sampled every 250 ms, while a new session runs echo calls at 16 in flight. */
async function peakRssUnderLoad(front) {
  const { pid } = front;
  const client = new LeanClient(front.url(0), front.headers, { timeoutMs: 30_000 });
  await client.connect();
  let peakMb = rssMb(pid);
  const sampler = setInterval(() => {
    try {
      peakMb = Math.max(peakMb, rssMb(pid));
    } catch {
      // the process is gone: the load run reports it
    }
  }, 250);
  try {
    const load = await throughput(leanEcho(client), LOAD_CONCURRENCY, LOAD_MS);
    return { peakMb: Math.max(peakMb, rssMb(pid)), callsPerSec: Math.round(load.callsPerSec) };
  } finally {
    clearInterval(sampler);
    await client.close();
  }
}
