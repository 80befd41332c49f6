// One gateway per data directory. Two would each keep their own counters (a limit of 10
// admits 20) and fight over runtime.json. The lock is a pid file created exclusively
// (O_EXCL); a lock whose process is gone (kill -9, a crash) is stale and taken over, under
// the data directory's short mutex so two starting gateways cannot both take it over.
// A pid file rather than an OS lock (flock) because Node has no portable flock; the
// price is that a dead gateway's pid reused by another process looks alive: the refusal
// names the lock file so a person can delete it then.
//
// A CLI command that opens the core in its own process (no gateway running) holds the same
// lock for its few moments, so it cannot race a gateway starting; either side waits a
// bounded while for a command's lock before it gives up.
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { withFileLock } from './file-lock.js';
import { readRuntimeFile } from './runtime-file.js';

export const GATEWAY_LOCK_FILE = 'gateway.lock';

/** Who holds the lock: a gateway (serve, the tray app) or a CLI command's in-process core. */
export type LockHolder = 'gateway' | 'cli';

/** How long to wait for a CLI command's lock (a command takes moments) before refusing. */
const WAIT_FOR_CLI_MS = 10_000;
const POLL_MS = 100;

interface LockContent {
  pid: number;
  /** Absent in locks written before commands took it: a gateway's. */
  holder?: LockHolder;
  /** Tells this lock from a later one written by a process that reused the pid. */
  nonce: string;
  startedAt: string;
}

export class GatewayRunningError extends Error {
  readonly code = 'gateway-running';
  constructor(
    readonly pid: number,
    readonly url: string | undefined,
    readonly lockFile: string,
    readonly holder: LockHolder = 'gateway',
  ) {
    super(
      holder === 'cli'
        ? `a portcullis command (pid ${pid}) is still using this data directory; try again when it has finished. (If process ${pid} is not Portcullis, delete ${lockFile}.)`
        : `another Portcullis gateway (pid ${pid}) ${url ? `is running at ${url}` : 'is starting'} on this data directory; ` +
            `stop it first, or use another --data-dir. (If process ${pid} is not Portcullis, delete ${lockFile}.)`,
    );
  }
}

export interface LockOptions {
  holder?: LockHolder;
  /** How long a CLI command's lock is waited for. Default 10 s. */
  waitForCliMs?: number;
}

export interface GatewayLock {
  readonly file: string;
  /** Deletes the lock if it is still this process's own. */
  release(): Promise<void>;
}

export async function acquireGatewayLock(dataDir: string, options: LockOptions = {}): Promise<GatewayLock> {
  const file = path.join(dataDir, GATEWAY_LOCK_FILE);
  const mine: LockContent = { pid: process.pid, holder: options.holder ?? 'gateway', nonce: randomBytes(8).toString('hex'), startedAt: new Date().toISOString() };
  const text = `${JSON.stringify(mine)}\n`;
  const deadline = performance.now() + (options.waitForCliMs ?? WAIT_FOR_CLI_MS);
  for (;;) {
    try {
      await takeLock(dataDir, file, text);
      break;
    } catch (error) {
      if (!(error instanceof GatewayRunningError) || error.holder !== 'cli' || performance.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  return {
    file,
    async release() {
      const holder = await readLock(file);
      if (holder?.nonce === mine.nonce) await unlink(file).catch(() => undefined);
    },
  };
}

async function takeLock(dataDir: string, file: string, text: string): Promise<void> {
  await withFileLock(path.join(dataDir, '.gateway.lock.d'), async () => {
    try {
      await writeFile(file, text, { flag: 'wx', mode: 0o600 });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readLock(file);
    if (holder && isAlive(holder.pid)) {
      const runtime = await readRuntimeFile(dataDir);
      throw new GatewayRunningError(holder.pid, runtime?.pid === holder.pid ? runtime.url : undefined, file, holder.holder ?? 'gateway');
    }
    // Stale (its process is gone) or unreadable (torn by a crash while being written).
    await unlink(file).catch(() => undefined);
    await writeFile(file, text, { flag: 'wx', mode: 0o600 });
  });
}

async function readLock(file: string): Promise<LockContent | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number' && typeof parsed.nonce === 'string' ? (parsed as LockContent) : undefined;
  } catch {
    return undefined;
  }
}

/** Signal 0 checks that a process exists without touching it; EPERM means it exists but is not ours. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
