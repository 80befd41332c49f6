// The team path of `npm run bench` (issue 23): Portcullis with the realistic 1,000-rule policy
// (its limits count every call) on a shared Redis store through HAProxy, beside the same
// policy on the desktop's files (lowdb + counter journal), with and without HAProxy in front,
// and the bare relay, in one run with alternating rounds. Measured: sequential latency on one
// session, and throughput with SESSIONS sessions (spread over the replicas by the balancer)
// and IN_FLIGHT calls in flight in all.
//
// Run alone: `node bench/team.mjs [--rounds N] [--seconds S] [--quick]` (build first); prints
// JSON on stdout. bench/run.js runs it as a phase and keeps its result under `team`.
// This machine has 2 cores: three replicas, HAProxy, Redis, the echo servers and the load
// generator share them, so more replicas cannot mean more calls/s here; what the figures show
// is the cost per call of the shared store and of the balancer's hop.
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as delay } from 'node:timers/promises';
import { LeanClient } from './lib/lean-client.mjs';
import { leanEcho, sequentialLatency, throughput } from './lib/load.mjs';
import { CLI, EVERYTHING, prepareDataDir, removeDataDir } from './lib/portcullis.mjs';
import { freePort, spawnGroup, stopAll, stopGroup, waitForLine, waitForPort } from './lib/processes.mjs';
import { ECHO_MESSAGE, realisticPolicy } from './lib/realistic-policy.mjs';
import { median, round, summarize } from './lib/stats.mjs';

const { values: opts } = parseArgs({ options: { rounds: { type: 'string' }, seconds: { type: 'string' }, quick: { type: 'boolean' } } });
const quick = Boolean(opts.quick);
const ROUNDS = Number(opts.rounds ?? (quick ? 1 : 3));
const SECONDS = Number(opts.seconds ?? (quick ? 0.5 : 2));
const LATENCY_CALLS = quick ? 100 : 400;
const SESSIONS = 6;
const IN_FLIGHT = 18; // 3 per session
const HAPROXY = '/usr/sbin/haproxy';
const REDIS = '/usr/bin/redis-server';
const HAPROXY_CONFIG = path.resolve('deploy/haproxy.cfg');
const node = process.execPath;
const log = (m) => process.stderr.write(`[bench team] ${m}\n`);

const missing = [
  spawnSync(HAPROXY, ['-v']).status === 0 ? undefined : `no HAProxy (${HAPROXY})`,
  spawnSync(REDIS, ['--version']).status === 0 ? undefined : `no redis-server (${REDIS})`,
  execFileSync(node, [CLI, 'serve', '--help'], { encoding: 'utf8' }).includes('--store') ? undefined : 'this build has no serve --store',
].filter(Boolean);

try {
  console.log(JSON.stringify(await main(), null, 2));
} catch (error) {
  console.log(JSON.stringify({ error: error.message }));
  process.exitCode = 1;
} finally {
  await stopAll();
}

async function main() {
  const config = await prepareDataDir({ serverIds: ['everything'], policy: realisticPolicy() });
  const dataDirs = [config.dataDir];
  const auth = { Authorization: `Bearer ${config.token}` };
  const started = [];
  try {
    const relay = spawnGroup(node, ['bench/lib/bare-relay.mjs', node, EVERYTHING, 'stdio']);
    const [, relayPort] = await waitForLine(relay, /listening (\d+)\n/);
    started.push(relay);

    const replica = async (store, lbHost) => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-bench-replica-'));
      dataDirs.push(dataDir);
      await cp(config.dataDir, dataDir, { recursive: true, filter: (src) => !/(calls|catalog|runtime|\.lock)/.test(path.basename(src)) || src === config.dataDir });
      const port = await freePort();
      const args = [CLI, 'serve', '--port', String(port), '--data-dir', dataDir, '--allow-host', lbHost];
      if (store) args.push('--store', store);
      const child = spawnGroup(node, args);
      await waitForLine(child, /Portcullis gateway listening on (http:\/\/\S+)\n/);
      started.push(child);
      return `127.0.0.1:${port}`;
    };
    const balancer = async (lbHost, replicas) => {
      const closed = `127.0.0.1:${await freePort()}`;
      const env = { PORTCULLIS_LB_BIND: lbHost };
      for (let i = 0; i < 3; i++) env[`PORTCULLIS_R${i + 1}`] = replicas[i] ?? closed;
      const child = spawnGroup(HAPROXY, ['-db', '-f', HAPROXY_CONFIG], { env });
      await waitForPort(Number(lbHost.split(':')[1]), child);
      started.push(child);
      // Unused slots point at a closed port: wait until the health checks have marked them down.
      if (replicas.length < 3) await delay(3_500);
      return `http://${lbHost}/mcp/everything`;
    };

    const paths = [{ id: 'bare-relay', label: 'bare relay to stdio', url: `http://127.0.0.1:${relayPort}/mcp`, headers: {} }];
    const lbFiles = `127.0.0.1:${await freePort()}`;
    const files = await replica(undefined, lbFiles);
    paths.push({ id: 'files', label: 'Portcullis, files (desktop)', url: `http://${files}/mcp/everything`, headers: auth });
    paths.push({ id: 'files-haproxy', label: 'Portcullis, files, via HAProxy', url: await balancer(lbFiles, [files]), headers: auth });
    if (missing.length === 0) {
      const redisPort = await freePort();
      const redis = spawnGroup(REDIS, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
      await waitForPort(redisPort, redis);
      started.push(redis);
      const store = `redis://127.0.0.1:${redisPort}/0`;
      for (const count of [1, 2, 3]) {
        const lbHost = `127.0.0.1:${await freePort()}`;
        const replicas = [];
        for (let i = 0; i < count; i++) replicas.push(await replica(store, lbHost));
        paths.push({ id: `redis-${count}`, label: `Portcullis, Redis, ${count} replica${count > 1 ? 's' : ''} via HAProxy`, url: await balancer(lbHost, replicas), headers: auth });
      }
    } else {
      log(`Redis paths skipped: ${missing.join('; ')}`);
    }

    const sessions = {};
    for (const p of paths) {
      sessions[p.id] = [];
      for (let i = 0; i < SESSIONS; i++) {
        const client = new LeanClient(p.url, p.headers);
        await client.connect();
        sessions[p.id].push(client);
      }
      const answer = await sessions[p.id][0].callTool('echo', { message: ECHO_MESSAGE });
      if (!JSON.stringify(answer).includes(ECHO_MESSAGE)) throw new Error(`${p.label}: echo answered ${JSON.stringify(answer).slice(0, 200)}`);
    }
    log('warm-up');
    for (const p of paths) for (const client of sessions[p.id]) await sequentialLatency(leanEcho(client), quick ? 100 : 500, 3000);

    const results = Object.fromEntries(paths.map((p) => [p.id, { label: p.label, p50: [], rates: [], errors: 0 }]));
    for (let r = 0; r < ROUNDS; r++) {
      const order = paths.map((_, i) => paths[(i + r) % paths.length]);
      for (const p of order) {
        log(`round ${r + 1}/${ROUNDS}: ${p.label}`);
        const times = await sequentialLatency(leanEcho(sessions[p.id][0]), LATENCY_CALLS);
        results[p.id].p50.push(summarize(times).p50);
        const perSession = IN_FLIGHT / SESSIONS;
        const runs = await Promise.all(sessions[p.id].map((client) => throughput(leanEcho(client), perSession, SECONDS * 1000)));
        results[p.id].rates.push(runs.reduce((sum, run) => sum + run.callsPerSec, 0));
        results[p.id].errors += runs.reduce((sum, run) => sum + run.errors, 0);
        results[p.id].firstError ??= runs.find((run) => run.firstError)?.firstError;
      }
    }
    for (const list of Object.values(sessions)) await Promise.all(list.map((c) => c.close().catch(() => undefined)));

    const out = {};
    for (const [id, r] of Object.entries(results)) {
      out[id] = { label: r.label, p50Ms: round(median(r.p50), 4), callsPerSec: round(median(r.rates), 0), rounds: r.rates.map((v) => round(v, 0)), errors: r.errors, ...(r.firstError ? { firstError: r.firstError } : {}) };
    }
    const perCall = (a, b) => (out[a] && out[b] ? round(out[a].p50Ms - out[b].p50Ms, 4) : undefined);
    return {
      settings: { rounds: ROUNDS, seconds: SECONDS, sessions: SESSIONS, inFlight: IN_FLIGHT, latencyCalls: LATENCY_CALLS, cores: os.cpus().length },
      skipped: missing,
      paths: out,
      costs: {
        haproxyHopMs: perCall('files-haproxy', 'files'),
        sharedCountersMs: perCall('redis-1', 'files-haproxy'),
      },
    };
  } finally {
    await Promise.all(started.map((c) => stopGroup(c)));
    await Promise.all(dataDirs.map(removeDataDir));
  }
}
