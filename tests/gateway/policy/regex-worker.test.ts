// The worker entry run as what it is, a worker thread (bundled from its source by esbuild, as
// the runner does in development); the runner's deadlines and restarts are regex-runner.test.ts's.
import { buildSync } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { REGEX_WORKER_READY } from '../../../electron/gateway/policy/regex-runner.js';

const SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../electron/gateway/policy/regex-worker.ts');
let bundled = '';
let worker: Worker | undefined;

beforeAll(() => {
  const built = buildSync({ entryPoints: [SOURCE], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' });
  bundled = built.outputFiles[0]!.text;
});
afterEach(async () => {
  await worker?.terminate();
  worker = undefined;
});

/** Starts the worker and collects what it posts, and how it ended. */
function start() {
  const messages: unknown[] = [];
  let waiting: (() => void) | undefined;
  const w = new Worker(bundled, { eval: true });
  worker = w;
  const exited = new Promise<{ code: number; error?: Error }>((resolve) => {
    let error: Error | undefined;
    w.on('error', (e) => (error = e));
    w.on('exit', (code) => resolve({ code, ...(error ? { error } : {}) }));
  });
  w.on('message', (message) => {
    messages.push(message);
    waiting?.();
  });
  const next = async (count: number): Promise<unknown[]> => {
    while (messages.length < count) await new Promise<void>((resolve) => (waiting = resolve));
    return messages.slice(0, count);
  };
  return { w, next, exited };
}

it('says it is ready (after warming up) before anything else, then answers one job per message, in order', async () => {
  const { w, next } = start();
  expect(await next(1)).toEqual([REGEX_WORKER_READY]);
  w.postMessage({ kind: 'match', pattern: '^a+$', text: 'aaa' });
  w.postMessage({ kind: 'match', pattern: '^a+$', text: 'b' });
  w.postMessage({ kind: 'schema', schema: { type: 'object', properties: { n: { type: 'string', pattern: '^x' } } }, args: { n: 'y' } });
  const answers = (await next(4)).slice(1);
  expect(answers[0]).toBe(true);
  expect(answers[1]).toBe(false);
  expect(answers[2]).toMatchObject({ ok: false });
});

it('a job that throws (a pattern the linear engine refuses) ends the thread with that error', async () => {
  const { w, next, exited } = start();
  await next(1);
  w.postMessage({ kind: 'match', pattern: '(', text: '' });
  const end = await exited;
  expect(end.code).not.toBe(0);
  expect(end.error).toBeInstanceOf(Error);
});

it('loaded outside a worker thread, it refuses to run', async () => {
  await expect(import('../../../electron/gateway/policy/regex-worker.js')).rejects.toThrow('regex-worker.ts runs only as a worker thread');
});
