// `npm run bench`: issue 11's benchmarks, every path in one process run, in alternating rounds.
// Paths (all in front of server-everything's echo): 1 direct stdio, 2 server-everything's own
// Streamable HTTP, 3 supergateway and mcp-proxy, 4 a bare HTTP responder (the limit of any HTTP
// front end here) and 4b a bare relay to the stdio server (the floor of any gateway in front of
// one), 5 Portcullis with (a) allow-all and (b) a 1,000-rule policy, 6 portcullis connect.
// Then session setup, memory, policy decisions/s and counter persistence. Writes
// bench/results/latest.json and latest.svg (quick.json and quick.svg with --quick, so a smoke run
// never replaces the committed figures) and prints a table. Never fails on a missed target.
// Options: --rounds N (5) --seconds S (2, per throughput measurement) --sessions N (100) --quick
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { renderChart } from './lib/chart.mjs';
import { leanEcho, sdkEcho, sequentialLatency, sessionSetup, throughput } from './lib/load.mjs';
import { measureMemory } from './lib/memory.mjs';
import { PATHS, startPaths } from './lib/paths.mjs';
import { stopAll } from './lib/processes.mjs';
import { ECHO_MESSAGE } from './lib/realistic-policy.mjs';
import { checkTargets, formatTable } from './lib/report.mjs';
import { median, round, summarize } from './lib/stats.mjs';

const { values: opts } = parseArgs({
  options: { rounds: { type: 'string' }, seconds: { type: 'string' }, sessions: { type: 'string' }, quick: { type: 'boolean' } },
});
const quick = Boolean(opts.quick);
const settings = {
  rounds: Number(opts.rounds ?? (quick ? 1 : 5)), // medians of 5 hold still on a noisy shared machine; 3 swung ±10%
  seconds: Number(opts.seconds ?? (quick ? 0.5 : 2)),
  latencyCalls: quick ? 100 : 400,
  sdkCalls: quick ? 50 : 200,
  setupSamples: quick ? 2 : 5,
  sessions: Number(opts.sessions ?? (quick ? 20 : 100)),
  concurrency: [1, 16, 64],
};
const RESULTS = path.resolve('bench/results');
const OUTPUT = quick ? 'quick' : 'latest';
const WATCHDOG_MS = 12 * 60_000;

const log = (m) => process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${m}\n`);
const t0 = performance.now();

// Whatever happens, no child outlives the run.
const abort = async (why, code) => {
  process.stderr.write(`\nbench: ${why}; stopping child processes\n`);
  await stopAll();
  process.exit(code);
};
process.once('SIGINT', () => abort('interrupted', 130));
process.once('SIGTERM', () => abort('terminated', 143));
const watchdog = setTimeout(() => abort(`still running after ${WATCHDOG_MS / 60_000} minutes`, 1), WATCHDOG_MS);
watchdog.unref();

const meta = {
  date: new Date().toISOString(),
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model.trim(),
  node: process.version,
  commit: git(['rev-parse', '--short', 'HEAD']),
  workingTreeDirty: git(['status', '--porcelain']) !== '',
  loadAverage: { start: os.loadavg().map((l) => round(l, 2)) },
  settings,
  upstream: 'server-everything (stdio unless the path says otherwise), tool echo, one session per client',
  note: 'lean client: keep-alive node:http (or newline JSON over stdio), one session, N calls in flight; SDK Client: @modelcontextprotocol/sdk Client.callTool over Streamable HTTP (stdio for paths 1 and 6)',
};

try {
  const results = await main();
  await mkdir(RESULTS, { recursive: true });
  await writeFile(path.join(RESULTS, `${OUTPUT}.json`), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(path.join(RESULTS, `${OUTPUT}.svg`), chart(results));
  console.log(formatTable(results));
  console.log(formatTeam(results.team));
  console.log(`\nWrote ${path.relative(process.cwd(), RESULTS)}/${OUTPUT}.json and ${OUTPUT}.svg in ${((performance.now() - t0) / 1000).toFixed(0)} s.`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await stopAll();
  clearTimeout(watchdog);
}

async function main() {
  log('starting the paths');
  const running = await startPaths();
  const perPath = {};
  try {
    const sessions = await openSessions(running.paths);
    const checks = await sanityChecks(running.paths, sessions);
    await warmUp(running.paths, sessions);
    const measured = await measureRounds(running.paths, sessions);
    await Promise.all(Object.values(sessions).flatMap((s) => [s.lean.close(), s.sdk.close()]));
    const setups = await measureSessionSetup(running.paths);
    for (const p of running.paths) perPath[p.id] = { label: p.label, ...measured[p.id], sessionSetup: setups[p.id] };
    meta.checks = checks;
  } finally {
    await running.stop();
  }
  addRatios(perPath);

  const memory = {};
  for (const id of ['portcullis-allow', 'supergateway', 'mcp-proxy', 'everything-http']) {
    log(`memory: ${id}, ${settings.sessions} sessions`);
    memory[id] = await measureMemory(id, { sessions: settings.sessions }).catch((error) => ({ error: error.message }));
  }
  log('policy decisions/s');
  const policyDecisions = await runPolicyDecisions();
  log('counter persistence at 5,000 calls/s');
  const counterPersistence = await runCounterPersistence();
  log('team path: Redis store and HAProxy (bench/team.mjs)');
  const team = await runTeam();
  meta.loadAverage.end = os.loadavg().map((l) => round(l, 2));
  meta.seconds = round((performance.now() - t0) / 1000, 1);
  const results = { meta, paths: perPath, memory, policyDecisions, counterPersistence, team };
  results.targets = checkTargets(results);
  return results;
}

async function openSessions(paths) {
  const sessions = {};
  for (const p of paths) {
    log(`session on ${p.label}`);
    sessions[p.id] = { lean: await p.lean(), sdk: await p.sdk() };
  }
  return sessions;
}

/** Every path echoes correctly; 5b really applies its policy (a forbidden message and a missing one are denied). */
async function sanityChecks(paths, sessions) {
  for (const p of paths) {
    const result = await sessions[p.id].lean.callTool('echo', { message: ECHO_MESSAGE });
    const text = result.content?.[0]?.text ?? '';
    if (!text.includes(ECHO_MESSAGE)) throw new Error(`${p.label}: echo answered ${JSON.stringify(result).slice(0, 200)}`);
  }
  const policy = sessions['portcullis-policy'].lean;
  const denied = async (args) => policy.callTool('echo', args).then(() => false, () => true);
  const checks = { forbiddenDenied: await denied({ message: 'forbidden' }), missingMessageDenied: await denied({}) };
  if (!checks.forbiddenDenied || !checks.missingMessageDenied) throw new Error(`5b does not apply its policy: ${JSON.stringify(checks)}`);
  return checks;
}

async function warmUp(paths, sessions) {
  log('warm-up');
  for (const p of paths) {
    // Long enough for V8 to finish optimising a gateway's whole call path: Portcullis's
    // sequential p50 keeps falling for the first ~4,000 calls (1.1 ms → 0.47 ms, once measured).
    await sequentialLatency(leanEcho(sessions[p.id].lean), quick ? 300 : 2000, 4000);
    await sequentialLatency(sdkEcho(sessions[p.id].sdk), quick ? 100 : 300);
    await throughput(leanEcho(sessions[p.id].lean), 16, quick ? 400 : 1500);
  }
}

/** Rounds rotate the order of the paths, so none always runs first or last. */
async function measureRounds(paths, sessions) {
  const lean = Object.fromEntries(paths.map((p) => [p.id, { samples: [], roundP50: [] }]));
  const sdk = Object.fromEntries(paths.map((p) => [p.id, []]));
  const rates = Object.fromEntries(paths.map((p) => [p.id, Object.fromEntries(settings.concurrency.map((c) => [`c${c}`, []]))]));
  for (let round = 0; round < settings.rounds; round++) {
    const order = paths.map((_, i) => paths[(i + round) % paths.length]);
    log(`round ${round + 1}/${settings.rounds}: latency`);
    for (const p of order) {
      const times = await sequentialLatency(leanEcho(sessions[p.id].lean), settings.latencyCalls);
      lean[p.id].samples.push(...times);
      lean[p.id].roundP50.push(summarize(times).p50);
      sdk[p.id].push(...(await sequentialLatency(sdkEcho(sessions[p.id].sdk), settings.sdkCalls)));
    }
    for (const c of settings.concurrency) {
      log(`round ${round + 1}/${settings.rounds}: throughput at ${c} in flight`);
      for (const p of order) rates[p.id][`c${c}`].push(await throughput(leanEcho(sessions[p.id].lean), c, settings.seconds * 1000));
    }
  }
  const out = {};
  for (const p of paths) {
    const leanStats = roundStats(summarize(lean[p.id].samples));
    out[p.id] = {
      latency: { lean: { ...leanStats, roundP50: lean[p.id].roundP50.map((v) => round(v)) }, sdk: roundStats(summarize(sdk[p.id])) },
      throughput: Object.fromEntries(
        Object.entries(rates[p.id]).map(([key, runs]) => [
          key,
          {
            median: round(median(runs.map((r) => r.callsPerSec)), 0),
            rounds: runs.map((r) => round(r.callsPerSec, 0)),
            errors: runs.reduce((n, r) => n + r.errors, 0),
            firstError: runs.find((r) => r.firstError)?.firstError,
          },
        ]),
      ),
    };
  }
  return out;
}

async function measureSessionSetup(paths) {
  const samples = Object.fromEntries(paths.map((p) => [p.id, { times: [], errors: 0, firstError: undefined }]));
  for (let i = 0; i < settings.setupSamples; i++) {
    log(`session setup ${i + 1}/${settings.setupSamples}`);
    for (const p of paths) {
      try {
        samples[p.id].times.push(await sessionSetup(p.lean));
      } catch (error) {
        samples[p.id].errors++;
        samples[p.id].firstError ??= error.message;
      }
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([id, s]) => [id, { p50: round(median(s.times), 2), samples: s.times.map((t) => round(t, 2)), errors: s.errors, firstError: s.firstError }]),
  );
}

function addRatios(perPath) {
  const direct = perPath.direct;
  const bare = perPath['bare-http'];
  for (const r of Object.values(perPath)) {
    r.ratios = {
      p50VsDirect: round(r.latency.lean.p50 / direct.latency.lean.p50, 2),
      p50VsBare: round(r.latency.lean.p50 / bare.latency.lean.p50, 2),
      c16VsBare: round(r.throughput.c16.median / bare.throughput.c16.median, 3),
      setupVsDirect: round(r.sessionSetup.p50 / direct.sessionSetup.p50, 2),
    };
  }
}

async function runPolicyDecisions() {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['bench/policy-decisions.mjs', '1'], { encoding: 'utf8', timeout: 60_000 });
    const rules = /policy: (.*?), compiled/.exec(stdout)?.[1];
    const phases = [...stdout.matchAll(/^(known tools|unseen names)\s+(\d+) decisions\/s\s+p50 ([\d.]+) µs\s+p99 ([\d.]+) µs/gm)].map((m) => ({
      phase: m[1],
      perSec: Number(m[2]),
      p50Us: Number(m[3]),
      p99Us: Number(m[4]),
    }));
    return { rules, phases, output: stdout.trim().split('\n') };
  } catch (error) {
    return { error: error.message };
  }
}

async function runCounterPersistence() {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['bench/counter-persistence.mjs', '4', '5000'], { encoding: 'utf8', timeout: 60_000 });
    return JSON.parse(stdout);
  } catch (error) {
    return { error: error.message };
  }
}

async function runTeam() {
  try {
    const args = ['bench/team.mjs', ...(quick ? ['--quick'] : []), '--seconds', String(settings.seconds)];
    const { stdout } = await promisify(execFile)(process.execPath, args, { encoding: 'utf8', timeout: 6 * 60_000 });
    return JSON.parse(stdout);
  } catch (error) {
    return { error: error.message };
  }
}

/** The team path as lines under the main table. */
function formatTeam(team) {
  if (!team || team.error) return `\nTeam path: ${team?.error ?? 'not run'}`;
  const rows = Object.values(team.paths).map((p) => `  ${p.label.padEnd(44)} p50 ${p.p50Ms.toFixed(3)} ms   ${String(p.callsPerSec).padStart(6)} calls/s${p.errors ? `   ${p.errors} errors` : ''}`);
  const costs = `  cost per call: HAProxy hop ${team.costs.haproxyHopMs ?? '-'} ms, shared counters on Redis ${team.costs.sharedCountersMs ?? '-'} ms`;
  const skipped = team.skipped?.length ? `\n  skipped: ${team.skipped.join('; ')}` : '';
  return `\nTeam path (${team.settings.sessions} sessions, ${team.settings.inFlight} calls in flight):\n${rows.join('\n')}\n${costs}${skipped}`;
}

function roundStats(s) {
  return { n: s.n, p50: round(s.p50, 4), p90: round(s.p90, 4), p99: round(s.p99, 4), mean: round(s.mean, 4) };
}

function chart(results) {
  const rows = PATHS.map((p) => {
    const r = results.paths[p.id];
    return { label: p.label, highlight: p.id.startsWith('portcullis'), latencyLean: r.latency.lean.p50, latencySdk: r.latency.sdk.p50, c16: r.throughput.c16.median, c64: r.throughput.c64.median };
  });
  const { meta: m } = results;
  const subtitle = `${m.date.slice(0, 10)} · ${m.cores} cores · Node ${m.node} · commit ${m.commit} · ${m.settings.rounds} alternating rounds · load average ${m.loadAverage.start[0]} (shared machine)`;
  return renderChart(rows, { subtitle });
}

function git(args) {
  try {
    return execFileSync('git', args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
