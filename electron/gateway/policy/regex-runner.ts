// Runs regex work whose cost is not bounded small (regex-jobs.ts) in one worker thread, one
// job at a time, each within a deadline. The matching engine is linear-time, but a hostile
// schema pattern on 64 KiB still takes seconds; on the main thread that would hold every
// session's event loop. Past the deadline the worker is terminated (a thread stuck in a match
// cannot be interrupted any other way) and the next job starts a fresh one; the caller gets
// `done: false` with the reason and refuses the call.
//
// Hand-written rather than piscina: one worker, one job in flight, a deadline that kills and
// replaces the thread. A pool library adds queues and thread counts this does not need, and
// its cancellation (AbortSignal) would still leave us terminating the thread ourselves.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RegexJob, RegexJobValue } from './regex-jobs.js';

/**
 * How long one job may run in the worker before it is terminated and the call refused. It
 * bounds how long a hostile pattern holds the worker (never the event loop). 250 ms refused
 * honest checks here: `^[a-z]+$` against 64 KiB, the first job for its pattern on a loaded
 * 2-core machine, went past it (17 ms once warm).
 */
export const REGEX_DEADLINE_MS = 1_000;
/** Jobs that may wait behind the one running; more are refused at once. */
export const MAX_QUEUED_REGEX_JOBS = 32;
/** A worker that has not loaded its modules by then is given up (the call is refused). */
const STARTUP_LIMIT_MS = 30_000;
/** What a worker posts once it can take jobs (answers are never strings). */
export const REGEX_WORKER_READY = 'ready';
const READY = REGEX_WORKER_READY;
/** The worker's heap: a hostile pattern's DFA caches fill this, not the gateway's heap. */
const WORKER_HEAP_MB = 256;

export type RegexJobOutcome<J extends RegexJob> = { done: true; value: RegexJobValue<J> } | { done: false; why: string };

interface Pending {
  job: RegexJob;
  resolve: (outcome: RegexJobOutcome<RegexJob>) => void;
}

export interface RegexRunnerOptions {
  deadlineMs?: number;
  maxQueued?: number;
  /** Starts a worker (tests pass one that runs a fixture). */
  spawn?: () => Worker;
}

export class RegexRunner {
  /** Jobs sent to a worker so far (tests: the inline path sends none). */
  dispatched = 0;
  /** Workers started so far (the first, and one after each termination). */
  started = 0;
  private worker: Worker | undefined;
  private current: Pending | undefined;
  private ready = false;
  /** The deadline of the job in flight, or the start-up limit of a worker starting. */
  private timer: NodeJS.Timeout | undefined;
  private readonly queue: Pending[] = [];
  private readonly deadlineMs: number;
  private readonly maxQueued: number;
  private readonly spawn: () => Worker;

  constructor(options: RegexRunnerOptions = {}) {
    this.deadlineMs = options.deadlineMs ?? REGEX_DEADLINE_MS;
    this.maxQueued = options.maxQueued ?? MAX_QUEUED_REGEX_JOBS;
    this.spawn = options.spawn ?? spawnRegexWorker;
  }

  run<J extends RegexJob>(job: J): Promise<RegexJobOutcome<J>> {
    if (this.queue.length >= this.maxQueued) {
      return Promise.resolve({ done: false, why: `${this.queue.length} other checks are already waiting for the regex worker` });
    }
    return new Promise((resolve) => {
      this.queue.push({ job, resolve: resolve as Pending['resolve'] });
      this.next();
    });
  }

  /** Stops the worker (tests; the gateway leaves an idle, unref'd worker to die with it). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    clearTimeout(this.timer);
    await worker?.terminate();
  }

  private next(): void {
    if (this.current !== undefined || this.queue.length === 0) return;
    if (this.worker === undefined) {
      try {
        this.start();
      } catch (error) {
        this.queue.shift()?.resolve({ done: false, why: `the regex worker could not start (${(error as Error).message})` });
        this.next();
        return;
      }
    }
    if (!this.ready) return; // its 'ready' calls this again
    const worker = this.worker as Worker;
    const pending = this.queue.shift() as Pending;
    this.current = pending;
    worker.ref(); // a job in flight keeps the process up; an idle worker does not
    this.dispatched++;
    try {
      worker.postMessage(pending.job);
    } catch (error) {
      this.finish({ done: false, why: `the check could not be sent to the regex worker (${(error as Error).message})` }, false);
      return;
    }
    // The deadline counts the match only: a worker's start-up (loading ajv and re2js) is not the pattern's doing.
    this.timer = setTimeout(() => this.finish({ done: false, why: `the check took longer than ${this.deadlineMs} ms` }, true), this.deadlineMs);
  }

  private start(): void {
    const worker = this.spawn();
    this.worker = worker;
    this.ready = false;
    this.started++;
    // One set of listeners per worker, never per job: the job in flight is `this.current`.
    // A terminated worker's late events are ignored by the identity check.
    worker.on('message', (value: unknown) => {
      if (this.worker !== worker) return;
      if (value === READY) {
        clearTimeout(this.timer);
        this.ready = true;
        this.next();
      } else {
        this.finish({ done: true, value: value as RegexJobValue<RegexJob> }, false);
      }
    });
    worker.on('error', (error: Error) => {
      if (this.worker === worker) this.fail(`the regex worker failed (${error.message})`);
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.fail('the regex worker stopped');
    });
    this.timer = setTimeout(() => this.fail(`the regex worker did not start within ${STARTUP_LIMIT_MS} ms`), STARTUP_LIMIT_MS);
  }

  /** The worker is lost: refuse the job in flight (or, while starting, the first waiting). */
  private fail(why: string): void {
    if (this.current === undefined && !this.ready) this.current = this.queue.shift();
    this.finish({ done: false, why }, true);
  }

  private finish(outcome: RegexJobOutcome<RegexJob>, discardWorker: boolean): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.current;
    this.current = undefined;
    const worker = this.worker;
    if (discardWorker && worker !== undefined) {
      this.worker = undefined;
      this.ready = false;
      void worker.terminate();
    } else {
      worker?.unref();
    }
    pending?.resolve(outcome);
    this.next();
  }
}

let shared: RegexRunner | undefined;

/** The gateway's one regex worker, started on first use. */
export function sharedRegexRunner(): RegexRunner {
  shared ??= new RegexRunner();
  return shared;
}

let entry: { file: string } | { code: string } | undefined;

/**
 * The worker script: regex-worker.js beside this file when built by tsc, regex-worker.cjs
 * beside the Electron bundle (scripts/build-electron.mjs), else (vitest, from source) a
 * loader that has esbuild bundle the TypeScript inside the new thread, off the event loop.
 */
export function spawnRegexWorker(): Worker {
  entry ??= findEntry();
  const options = { name: 'portcullis-regex', resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } };
  return 'file' in entry ? new Worker(entry.file, options) : new Worker(entry.code, { ...options, eval: true });
}

function findEntry(): { file: string } | { code: string } {
  const here = fileURLToPath(import.meta.url);
  const dir = path.dirname(here);
  for (const name of ['regex-worker.js', 'regex-worker.cjs']) {
    const file = path.join(dir, name);
    if (existsSync(file)) return { file };
  }
  if (!here.endsWith('.ts')) throw new Error(`the regex worker script is missing beside ${here}`);
  const source = path.join(dir, 'regex-worker.ts');
  const esbuild = createRequire(import.meta.url).resolve('esbuild');
  const code = `
    const { buildSync } = require(${JSON.stringify(esbuild)});
    const built = buildSync({ entryPoints: [${JSON.stringify(source)}], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' });
    const module = { exports: {} };
    new Function('require', 'module', 'exports', built.outputFiles[0].text)(require, module, module.exports);`;
  return { code };
}
