// Restart backoff: a crash loop (an upstream that exits right after initialize) is not
// respawned for ever; the streak is cleared only by a connection that stayed up.
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ReconnectingUpstream, RESTART_POLICY, type RestartPolicy } from '../../../electron/gateway/session/reconnecting-upstream.js';
import type { UpstreamLink } from '../../../electron/gateway/upstream/connect-upstream.js';
import type { ServerConfig } from '../../../shared/config.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { openRawSession, tinyProcesses, tinyStdio } from '../../helpers/tiny.js';

/** A link the test ends by hand (as if the upstream exited). */
function fakeLink(): UpstreamLink & { exit(): void } {
  let exit!: () => void;
  const closed = new Promise<void>((resolve) => (exit = resolve));
  const link = { closed, closing: false, exit, close: async () => undefined } as unknown as UpstreamLink & { exit(): void };
  return link;
}

const server = { id: 'loop' } as ServerConfig;
const policy: RestartPolicy = { firstDelayMs: 100, maxDelayMs: 1_000, maxQuickFailures: 4, stableMs: 10_000 };

afterEach(() => vi.useRealTimers());

describe('ReconnectingUpstream', () => {
  test('quick losses back off 100, 200, 400 ms (no reset on a fresh connection), then it gives up with a clear error', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const links: (UpstreamLink & { exit(): void })[] = [];
    let gaveUp = 0;
    const upstream = new ReconnectingUpstream(
      server,
      fakeLink(),
      async () => {
        links.push(fakeLink());
        return links.at(-1)!;
      },
      () => gaveUp++,
      policy,
    );
    let current = upstream.current as UpstreamLink & { exit(): void };
    for (const delay of [100, 200, 400]) {
      current.exit();
      await vi.advanceTimersByTimeAsync(delay - 1);
      const before = links.length;
      await vi.advanceTimersByTimeAsync(1);
      expect(links.length).toBe(before + 1); // reconnected exactly when its delay was up
      current = links.at(-1)!;
    }
    current.exit();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(links).toHaveLength(3);
    expect(gaveUp).toBe(1);
    await expect(upstream.ready(1000)).rejects.toThrow(/failed 4 times in a row.*stopped restarting it/);
  });

  test('a connection that stayed up stableMs starts the backoff afresh', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const links: (UpstreamLink & { exit(): void })[] = [];
    const upstream = new ReconnectingUpstream(server, fakeLink(), async () => (links.push(fakeLink()), links.at(-1)!), () => undefined, policy);
    (upstream.current as UpstreamLink & { exit(): void }).exit();
    await vi.advanceTimersByTimeAsync(100);
    links.at(-1)!.exit();
    await vi.advanceTimersByTimeAsync(200);
    expect(links).toHaveLength(2);

    await vi.advanceTimersByTimeAsync(policy.stableMs);
    links.at(-1)!.exit();
    await vi.advanceTimersByTimeAsync(100);
    expect(links).toHaveLength(3);
    await upstream.close();
  });
});

describe('through the gateway', () => {
  let gw: TestGateway | undefined;
  const pidLog = path.join(os.tmpdir(), `portcullis-tiny-pids-${process.pid}.log`);
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
    await rm(pidLog, { force: true });
  });

  test('an upstream that exits right after initialize is spawned maxQuickFailures times, then the session ends', { timeout: 90_000 }, async () => {
    gw = await startTestGateway({ loop: tinyStdio({ TINY_MODE: 'exit-after-initialize', TINY_PID_LOG: pidLog }) });
    const closed = new Promise<void>((resolve) => gw!.gateway.once('session-closed', () => resolve()));
    const answer = await openRawSession(gw.endpoint('loop'), gw.token);
    expect(answer.status).toBe(200);

    await closed;
    const spawned = (await readFile(pidLog, 'utf8')).trim().split('\n');
    expect(spawned).toHaveLength(RESTART_POLICY.maxQuickFailures);
    // Given up means given up: nothing is running and nothing more is spawned.
    await new Promise((resolve) => setTimeout(resolve, RESTART_POLICY.firstDelayMs * 4));
    expect((await readFile(pidLog, 'utf8')).trim().split('\n')).toHaveLength(spawned.length);
    expect(tinyProcesses().filter((pid) => spawned.includes(String(pid)))).toEqual([]);
    expect(gw.gateway.sessions.all()).toHaveLength(0);
  });
});
