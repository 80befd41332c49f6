// One gateway per data directory. Two would each keep their own counters (a limit of 10
// admits 20) and fight over runtime.json. The lock is a pid file created exclusively
// (O_EXCL); a lock whose process is gone (kill -9, a crash) is stale and taken over, under
// the data directory's short mutex so two starting gateways cannot both take it over.
// A pid file rather than an OS lock (flock) because Node has no portable flock; the
// price is that a dead gateway's pid reused by another process looks alive: the refusal
// names the lock file so a person can delete it then.
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { withFileLock } from './file-lock.js';
import { readRuntimeFile } from './runtime-file.js';

export const GATEWAY_LOCK_FILE = 'gateway.lock';

interface LockContent {
  pid: number;
  /** Tells this lock from a later one written by a process that reused the pid. */
  nonce: string;
  startedAt: string;
}

export class GatewayRunningError extends Error {
  readonly code = 'gateway-running';
  constructor(
    readonly pid: number,
    readonly url: string | undefined,
    lockFile: string,
  ) {
    super(
      `another Portcullis gateway (pid ${pid}) ${url ? `is running at ${url}` : 'is starting'} on this data directory; ` +
        `stop it first, or use another --data-dir. (If process ${pid} is not Portcullis, delete ${lockFile}.)`,
    );
  }
}

export interface GatewayLock {
  readonly file: string;
  /** Deletes the lock if it is still this process's own. */
  release(): Promise<void>;
}

export async function acquireGatewayLock(dataDir: string): Promise<GatewayLock> {
  const file = path.join(dataDir, GATEWAY_LOCK_FILE);
  const mine: LockContent = { pid: process.pid, nonce: randomBytes(8).toString('hex'), startedAt: new Date().toISOString() };
  const text = `${JSON.stringify(mine)}\n`;
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
      throw new GatewayRunningError(holder.pid, runtime?.pid === holder.pid ? runtime.url : undefined, file);
    }
    // Stale (its process is gone) or unreadable (torn by a crash while being written).
    await unlink(file).catch(() => undefined);
    await writeFile(file, text, { flag: 'wx', mode: 0o600 });
  });
  return {
    file,
    async release() {
      const holder = await readLock(file);
      if (holder?.nonce === mine.nonce) await unlink(file).catch(() => undefined);
    },
  };
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
