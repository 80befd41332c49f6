// The gateway's own connection to a server that exits right after initialize: its restart
// backoff keeps growing (a fresh initialize does not reset it).
import { afterEach, expect, test, vi } from 'vitest';
import type { ServerStatus } from '../../../shared/config.js';
import { ServerSupervisor } from '../../../electron/gateway/upstream/server-supervisor.js';
import { tinyStdio } from '../../helpers/tiny.js';

const realSetTimeout = globalThis.setTimeout;
let supervisor: ServerSupervisor | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await supervisor?.stop();
  supervisor = undefined;
});

/** Waits in real time (timers are faked) until the predicate holds. */
async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !predicate(); i++) await new Promise((resolve) => realSetTimeout(resolve, 20));
  if (!predicate()) throw new Error(`timed out waiting for ${what}`);
}

test('an upstream that exits right after initialize is restarted after 500, 1000, 2000 ms: the backoff does not reset', { timeout: 120_000 }, async () => {
  // Only the supervisor's restart timers (and connect timeouts, which never fire here) are faked.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  let status: ServerStatus | undefined;
  supervisor = new ServerSupervisor(
    { id: 'loop', upstream: tinyStdio({ TINY_MODE: 'exit-after-initialize' }), addedAt: new Date().toISOString() },
    { onStatus: (s) => (status = s), onListing: () => undefined },
  );
  supervisor.start();
  for (const [restarts, delay] of [[0, 500], [1, 1000], [2, 2000]] as const) {
    await until(() => status?.state === 'failed' && status.restarts === restarts, `loss ${restarts + 1}`);
    await vi.advanceTimersByTimeAsync(delay - 1);
    expect(status!.restarts).toBe(restarts);
    await vi.advanceTimersByTimeAsync(1);
    expect(status!.restarts).toBe(restarts + 1);
  }
});

test('a server that dies during the handshake is reported failed and retried, never left connecting', { timeout: 120_000 }, async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  let status: ServerStatus | undefined;
  supervisor = new ServerSupervisor(
    { id: 'dies', upstream: tinyStdio({ TINY_MODE: 'exit-on-initialize' }), addedAt: new Date().toISOString() },
    { onStatus: (s) => (status = s), onListing: () => undefined },
  );
  supervisor.start();
  for (const [restarts, delay] of [[0, 500], [1, 1000], [2, 2000]] as const) {
    await until(() => status?.state === 'failed' && status.restarts === restarts, `failure ${restarts + 1}`);
    expect(status!.lastError).toMatch(/exit|not running|closed/i);
    await vi.advanceTimersByTimeAsync(delay);
  }
});
