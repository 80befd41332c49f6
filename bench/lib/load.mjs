// The measurements themselves: sequential latency, throughput at a given number of calls
// in flight for a bounded time, and session setup. `call` is a function returning a promise.
import { ECHO_MESSAGE } from './realistic-policy.mjs';

export const leanEcho = (client) => () => client.callTool('echo', { message: ECHO_MESSAGE });

export const sdkEcho = (client) => async () => {
  const result = await client.callTool({ name: 'echo', arguments: { message: ECHO_MESSAGE } }, undefined, { timeout: 15_000 });
  if (result.isError) throw new Error(`tool error: ${JSON.stringify(result.content).slice(0, 200)}`);
  return result;
};

/** `count` calls one after another (bounded by `maxMs` too); returns the per-call times in ms. */
export async function sequentialLatency(call, count, maxMs = 5000) {
  const times = [];
  const deadline = performance.now() + maxMs;
  for (let i = 0; i < count && performance.now() < deadline; i++) {
    const t = performance.now();
    await call();
    times.push(performance.now() - t);
  }
  return times;
}

/**
 * `concurrency` workers call back to back until `ms` have passed; calls/s counts completed
 * calls over the whole time including the last ones in flight. Errors are counted, not
 * thrown (a peer failing under load is a result); a round gives up after 200 of them.
 */
export async function throughput(call, concurrency, ms) {
  let done = 0;
  let errors = 0;
  let firstError;
  const started = performance.now();
  const deadline = started + ms;
  const worker = async () => {
    while (performance.now() < deadline && errors < 200) {
      try {
        await call();
        done++;
      } catch (error) {
        errors++;
        firstError ??= error.message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  return { callsPerSec: (done / elapsed) * 1000, done, errors, firstError };
}

/** Time for a new session: initialize + initialized (`open`) then tools/list. The session is closed after, untimed. */
export async function sessionSetup(open) {
  const t = performance.now();
  const client = await open();
  const { tools } = await client.listTools();
  const ms = performance.now() - t;
  if (!tools.some((tool) => tool.name === 'echo')) throw new Error('tools/list has no echo');
  await client.close();
  return ms;
}
