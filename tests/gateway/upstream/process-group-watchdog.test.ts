// A stdio upstream that ignores EOF must not outlive a gateway killed with -9.
import { once } from 'node:events';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCli, startServe } from '../../helpers/cli.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { isAlive } from '../../helpers/faulty.js';

const IGNORES_EOF_SERVER = path.resolve('tests/fixtures/servers/ignores-eof-server.mjs');

let root: string;
let pids: number[] = [];
beforeEach(async () => {
  root = makeTempDir('portcullis-orphans-');
});
afterEach(async () => {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
  pids = [];
  await rm(root, { recursive: true, force: true });
});


async function until(condition: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

const readPids = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);

it.skipIf(process.platform === 'win32')('after kill -9 of the gateway, an upstream that ignores EOF is stopped', { timeout: 60_000 }, async () => {
  const dataDir = path.join(root, 'data');
  const pidFile = path.join(root, 'upstream.pids');
  await runCli(['server', 'add', 'stubborn', '--env', `PID_FILE=${pidFile}`, '--', process.execPath, IGNORES_EOF_SERVER], { dataDir });
  const gateway = await startServe(dataDir);
  expect(await until(async () => (await readPids(pidFile)).length > 0, 20_000)).toBe(true);
  pids = await readPids(pidFile);
  expect(pids.every(isAlive)).toBe(true);

  gateway.child.kill('SIGKILL');
  await once(gateway.child, 'exit');
  // Stopped within the watchdog's grace (2 s), well inside this bound.
  expect(await until(() => !pids.some(isAlive), 15_000)).toBe(true);
});

it.skipIf(process.platform === 'win32')('a clean stop leaves nothing behind either', { timeout: 60_000 }, async () => {
  const dataDir = path.join(root, 'data');
  const pidFile = path.join(root, 'upstream.pids');
  await runCli(['server', 'add', 'stubborn', '--env', `PID_FILE=${pidFile}`, '--', process.execPath, IGNORES_EOF_SERVER], { dataDir });
  const gateway = await startServe(dataDir);
  expect(await until(async () => (await readPids(pidFile)).length > 0, 20_000)).toBe(true);
  pids = await readPids(pidFile);
  await new Promise((resolve) => setTimeout(resolve, 300)); // let serve install its signal handlers
  expect(await gateway.stop()).toBe(0);
  expect(await until(() => !pids.some(isAlive), 15_000)).toBe(true);
});

/** This process's children that are the watchdog's shell (Linux: read from /proc). */
async function watchdogShells(): Promise<number[]> {
  const { readdir } = await import('node:fs/promises');
  const found: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === process.pid && cmdline.startsWith('/bin/sh')) found.push(Number(entry));
  }
  return found;
}

it.runIf(process.platform === 'linux')('the watchdog runs only while some group is watched: forgetting the last one ends it', { timeout: 30_000 }, async () => {
  const { spawn } = await import('node:child_process');
  const { watchProcessGroup, forgetProcessGroup } = await import('../../../electron/gateway/upstream/process-group-watchdog.js');
  const sleeper = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
  pids.push(sleeper.pid!);
  const before = (await watchdogShells()).length;
  watchProcessGroup(sleeper.pid!);
  expect(await until(async () => (await watchdogShells()).length === before + 1, 10_000)).toBe(true);
  forgetProcessGroup(sleeper.pid!);
  expect(await until(async () => (await watchdogShells()).length === before, 10_000)).toBe(true);
  expect(isAlive(sleeper.pid!)).toBe(true); // forgetting a group never signals it
});
