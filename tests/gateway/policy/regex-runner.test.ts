import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { RegexRunner } from '../../../electron/gateway/policy/regex-runner.js';

// A stand-in worker for the runner's own behaviour: 'hang' never answers (a match stuck for
// good), 'crash' throws, anything else is echoed back as whether it is 'yes'.
const FIXTURE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (job) => {
  if (job.text === 'hang') for (;;) {}
  if (job.text === 'crash') throw new Error('boom');
  parentPort.postMessage(job.text === 'yes');
});
parentPort.postMessage('ready');`;

const runners: RegexRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.close()));
});

function fixtureRunner(options: { deadlineMs?: number; maxQueued?: number } = {}): { runner: RegexRunner; workers: Worker[] } {
  const workers: Worker[] = [];
  const runner = new RegexRunner({
    ...options,
    spawn: () => {
      const worker = new Worker(FIXTURE, { eval: true });
      workers.push(worker);
      return worker;
    },
  });
  runners.push(runner);
  return { runner, workers };
}

const match = (text: string) => ({ kind: 'match' as const, pattern: 'unused', text });

describe('RegexRunner', () => {
  it('runs schema checks and matches in the real worker, and says so in its count', async () => {
    const runner = new RegexRunner();
    runners.push(runner);
    const schema = { type: 'object', properties: { q: { type: 'string', pattern: '^[a-z]+$' } } };
    expect(await runner.run({ kind: 'schema', schema, args: { q: 'hello' } })).toEqual({ done: true, value: { ok: true } });
    expect(await runner.run({ kind: 'schema', schema, args: { q: 'Hello!' } })).toEqual({ done: true, value: { ok: false, problems: ['args.q must match pattern "^[a-z]+$"'] } });
    expect(await runner.run({ kind: 'match', pattern: '^(\\w+\\s?)*$', text: `${'a'.repeat(30)}!` })).toEqual({ done: true, value: false });
    expect(runner.dispatched).toBe(3);
    expect(runner.started).toBe(1);
  });

  it('refuses a job past its deadline, terminates that worker and answers the next job from a new one', async () => {
    const { runner, workers } = fixtureRunner({ deadlineMs: 50 });
    const stuck = runner.run(match('hang'));
    const after = runner.run(match('yes'));
    const first = workers[0] as Worker; // started at once by the first job
    const exited = new Promise((resolve) => first.once('exit', resolve));
    expect(await stuck).toEqual({ done: false, why: 'the check took longer than 50 ms' });
    expect(await after).toEqual({ done: true, value: true });
    expect(runner.started).toBe(2);
    expect(await exited).toBe(1); // terminated, not finished
  });

  it('refuses the job whose worker crashed, and starts another for the next', async () => {
    const { runner } = fixtureRunner();
    expect(await runner.run(match('crash'))).toEqual({ done: false, why: 'the regex worker failed (boom)' });
    expect(await runner.run(match('no'))).toEqual({ done: true, value: false });
    expect(runner.started).toBe(2);
  });

  it('answers jobs in the order they came, one at a time, and refuses beyond its queue', async () => {
    const { runner } = fixtureRunner({ maxQueued: 2 });
    await runner.run(match('no')); // started and ready: the next job goes straight in
    const order: string[] = [];
    const jobs = ['yes', 'no', 'yes'].map((text, i) => runner.run(match(text)).then((outcome) => order.push(`${i}:${JSON.stringify(outcome)}`)));
    // The first is in flight at once, two wait: a fourth finds the queue full.
    expect(await runner.run(match('yes'))).toEqual({ done: false, why: '2 other checks are already waiting for the regex worker' });
    await Promise.all(jobs);
    expect(order).toEqual(['0:{"done":true,"value":true}', '1:{"done":true,"value":false}', '2:{"done":true,"value":true}']);
  });

  it('adds no listener per job', async () => {
    const { runner, workers } = fixtureRunner();
    await runner.run(match('yes'));
    const counts = () => ['message', 'error', 'exit'].map((event) => workers[0]?.listenerCount(event));
    const before = counts();
    for (let i = 0; i < 20; i++) await runner.run(match(i % 2 === 0 ? 'yes' : 'no'));
    expect(counts()).toEqual(before);
    expect(runner.started).toBe(1);
  });
});
