// What persisting limit counters costs at 5,000 calls/s: the built FileCounterStore, fed
// the two counters a call to echo touches under the 5b policy (all tools per minute,
// echo per hour), at a steady rate for a few seconds. The minute window is pre-filled
// with a full minute of history at the same rate, so its log is at steady-state size.
// Prints one JSON object. Usage: npx tsc -p tsconfig.core.json && node bench/counter-persistence.mjs [seconds=4] [rate=5000]
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { FileCounterStore } from '../dist/electron/gateway/policy/file-counter-store.js';
import { counterKey } from '../dist/electron/gateway/policy/counter-store.js';

const SECONDS = Number(process.argv[2] ?? 4);
const RATE = Number(process.argv[3] ?? 5000);
const MINUTE = 60_000;
const HOUR = 3_600_000;
const requests = [
  { key: counterKey('everything', 'all_calls', 'grant:bench'), windowMs: MINUTE, max: 100_000_000, amount: 1, retainMs: MINUTE },
  { key: counterKey('everything', 'echo_calls', 'grant:bench'), windowMs: HOUR, max: 1_000_000_000, amount: 1, retainMs: HOUR },
];

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-counters-'));
const store = await FileCounterStore.open({ dataDir, flushIntervalMs: 1000 });

// Steady state for the minute window: a minute of history at RATE, on a simulated clock.
const start = Date.now();
// Whole milliseconds, like Date.now() in the gateway: calls in the same millisecond share an entry.
for (let t = start - MINUTE, step = 1000 / RATE; t < start; t += step) store.consume(requests.slice(0, 1), Math.floor(t));

// Time every periodic write: the synchronous part (sweep, snapshot, JSON.stringify: the event
// loop is blocked) and the whole write until the file is renamed into place.
const writes = [];
const write = store.write.bind(store);
store.write = () => {
  const t = performance.now();
  const promise = write();
  const syncMs = performance.now() - t;
  promise.then(
    () => writes.push({ syncMs, totalMs: performance.now() - t }),
    () => writes.push({ syncMs, totalMs: NaN }),
  );
  return promise;
};

const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
const cpuBefore = process.cpuUsage();
const began = performance.now();
let calls = 0;
let consumeMs = 0;
while (performance.now() - began < SECONDS * 1000) {
  const due = Math.floor(((performance.now() - began) / 1000) * RATE);
  const t = performance.now();
  for (; calls < due; calls++) store.consume(requests, Date.now());
  consumeMs += performance.now() - t;
  await delay(1); // calls arrive spread over time; the flush timer and the file writes run in between
}
const elapsedS = (performance.now() - began) / 1000;
const cpu = process.cpuUsage(cpuBefore);
loopDelay.disable();
const entries = Object.values(store.memory.snapshot()).reduce((n, log) => n + log.entries.length, 0);
await store.close();
const { size } = await stat(store.file);
await rm(dataDir, { recursive: true, force: true });

// After an hour at this rate: one entry per millisecond (or per call, below 1,000/s) in each
// log, up to the sliding log's coarsening bound (about 2 × 4,096 entries per key).
const perMs = Math.min(1, RATE / 1000);
const LOG_BOUND = 2 * 4096;
const steadyEntries = Math.round(Math.min(perMs * HOUR, LOG_BOUND) + Math.min(perMs * MINUTE, LOG_BOUND));
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const max = (xs) => xs.reduce((a, b) => Math.max(a, b), 0);
const periodic = writes.slice(0, -1); // the last one is close()'s flush
const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
console.log(
  JSON.stringify({
    rate: RATE,
    seconds: round(elapsedS, 2),
    calls,
    callsPerSec: Math.round(calls / elapsedS),
    consumeUsPerCall: round((consumeMs * 1000) / calls, 2),
    writes: periodic.length,
    writeSyncMsMean: round(sum(periodic.map((w) => w.syncMs)) / (periodic.length || 1)),
    writeSyncMsMax: round(max(periodic.map((w) => w.syncMs))),
    writeTotalMsMean: round(sum(periodic.map((w) => w.totalMs)) / (periodic.length || 1)),
    writeTotalMsMax: round(max(periodic.map((w) => w.totalMs))),
    blockedShare: round(sum(periodic.map((w) => w.syncMs)) / (elapsedS * 1000), 4),
    eventLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
    eventLoopDelayMaxMs: round(loopDelay.max / 1e6),
    cpuShare: round((cpu.user + cpu.system) / 1000 / (elapsedS * 1000), 3),
    fileBytes: size,
    entries,
    bytesPerEntry: round(size / entries, 1),
    // Each log grows until the sliding log coarsens it (past 4,096 entries): bounded, whatever the window.
    projectedHourEntries: steadyEntries,
    projectedHourFileMb: round(((size / entries) * steadyEntries) / 1e6, 1),
    projectedHourWriteSyncMs: round((sum(periodic.map((w) => w.syncMs)) / (periodic.length || 1) / entries) * steadyEntries, 0),
    note: 'one log entry per counter per millisecond with calls, until a log passes 4,096 entries and coarsens (conservatively): at most ~8,192 entries per key',
  }),
);
