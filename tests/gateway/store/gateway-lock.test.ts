// One gateway per data directory: the lock itself, and two real `portcullis serve` processes.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireGatewayLock, GATEWAY_LOCK_FILE, GatewayRunningError } from '../../../electron/gateway/store/gateway-lock.js';
import { runCli, startServe } from '../../helpers/cli.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

let dir: string;
beforeEach(async () => {
  dir = makeTempDir('portcullis-lock-');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited (what a gateway killed with -9 leaves in its lock). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid as number;
}

describe('acquireGatewayLock', () => {
  it('refuses a second holder, naming the first one’s pid and url; release lets the next one in', async () => {
    const first = await acquireGatewayLock(dir);
    await writeFile(path.join(dir, 'runtime.json'), JSON.stringify({ pid: process.pid, url: 'http://127.0.0.1:1234', adminToken: 'x', startedAt: '' }));
    const refused = await acquireGatewayLock(dir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GatewayRunningError);
    expect((refused as Error).message).toContain(`pid ${process.pid}`);
    expect((refused as Error).message).toContain('http://127.0.0.1:1234');
    await first.release();
    const second = await acquireGatewayLock(dir);
    await second.release();
  });

  it('takes over a stale lock whose process is gone (kill -9), and a torn one', async () => {
    const file = path.join(dir, GATEWAY_LOCK_FILE);
    await writeFile(file, JSON.stringify({ pid: await deadPid(), nonce: 'old', startedAt: '' }));
    const lock = await acquireGatewayLock(dir);
    expect(JSON.parse(await readFile(file, 'utf8')).pid).toBe(process.pid);
    await lock.release();
    await writeFile(file, '{"pid": 12');
    await (await acquireGatewayLock(dir)).release();
  });

  it('release leaves a lock that is not its own', async () => {
    const lock = await acquireGatewayLock(dir);
    const file = path.join(dir, GATEWAY_LOCK_FILE);
    await writeFile(file, JSON.stringify({ pid: process.pid, nonce: 'someone-else', startedAt: '' }));
    await lock.release();
    expect(JSON.parse(await readFile(file, 'utf8')).nonce).toBe('someone-else');
  });
});

describe('two `portcullis serve` on one data directory', () => {
  it('the second refuses with the first one’s url and pid, exits non-zero, and leaves runtime.json alone', { timeout: 60_000 }, async () => {
    const first = await startServe(dir);
    try {
      const runtimeBefore = await readFile(path.join(dir, 'runtime.json'), 'utf8');
      const second = await runCli(['serve', '--port', '0'], { dataDir: dir });
      expect(second.code).not.toBe(0);
      expect(second.stderr).toContain(first.url);
      expect(second.stderr).toContain(`pid ${first.child.pid}`);
      expect(second.stdout).not.toMatch(/listening on/);
      expect(await readFile(path.join(dir, 'runtime.json'), 'utf8')).toBe(runtimeBefore);
      // The CLI still reaches the first gateway through runtime.json.
      const listed = await runCli(['server', 'list', '--json'], { dataDir: dir });
      expect(listed.code).toBe(0);
    } finally {
      await first.stop();
    }
  });

  it('after kill -9 the next serve starts (the stale lock is taken over)', { timeout: 60_000 }, async () => {
    const first = await startServe(dir);
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    const second = await startServe(dir);
    try {
      expect(JSON.parse(await readFile(path.join(dir, GATEWAY_LOCK_FILE), 'utf8')).pid).toBe(second.child.pid);
    } finally {
      await second.stop();
    }
  });
});
