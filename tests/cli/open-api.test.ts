// The CLI's in-process core holds the data directory's lock while a command runs: a gateway
// starting meanwhile waits for it, and a gateway that holds the lock but cannot be reached is
// a clear error rather than two processes writing the same files.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { withApi } from '../../electron/cli/open-api.js';
import { acquireGatewayLock, GATEWAY_LOCK_FILE } from '../../electron/gateway/store/gateway-lock.js';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = makeTempDir('portcullis-open-api-');
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function track(promise: Promise<unknown>) {
  const state = { settled: false };
  void promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withApi without a running gateway', () => {
  test('the command holds the lock; a gateway starting meanwhile gets it only when the command is done', async () => {
    const running = deferred();
    const finish = deferred();
    const order: string[] = [];
    const command = withApi({ dataDir }, async ({ api, gateway }) => {
      expect(gateway).toBeUndefined();
      await api.createGrant({ name: 'agent' });
      running.resolve();
      await finish.promise;
      order.push('command done');
    });
    await running.promise;
    expect(JSON.parse(await readFile(path.join(dataDir, GATEWAY_LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, holder: 'cli' });

    const gatewayLock = acquireGatewayLock(dataDir).then((lock) => (order.push('gateway locked'), lock));
    const state = track(gatewayLock);
    await tick(400); // several of its polls
    expect(state.settled).toBe(false);
    finish.resolve();
    await command;
    const lock = await gatewayLock;
    expect(order).toEqual(['command done', 'gateway locked']);
    await lock.release();
  });

  test('two commands at once run one after the other', async () => {
    const finish = deferred();
    const order: string[] = [];
    const first = withApi({ dataDir }, async () => {
      order.push('first runs');
      await finish.promise;
      order.push('first done');
    });
    await tick(100);
    const second = withApi({ dataDir }, async () => void order.push('second runs'));
    await tick(300);
    finish.resolve();
    await Promise.all([first, second]);
    expect(order).toEqual(['first runs', 'first done', 'second runs']);
  });

  test('a live gateway that holds the lock but does not answer is a clear error', async () => {
    // This process stands in for it: alive, and no runtime.json to reach it by.
    await writeFile(path.join(dataDir, GATEWAY_LOCK_FILE), JSON.stringify({ pid: process.pid, holder: 'gateway', nonce: 'n', startedAt: '' }));
    const result = await runCli(['grant', 'list'], { dataDir });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(new RegExp(`a Portcullis gateway \\(pid ${process.pid}\\) holds .* but does not answer.*wait for it to finish starting, or stop it`));
    expect(result.stderr).toContain(GATEWAY_LOCK_FILE);
  });
});
