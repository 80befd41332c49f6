// A cross-process lock on the data directory, so `portcullis` commands and a running
// gateway never interleave a read-modify-write. mkdir is atomic on every platform;
// a lock left by a crashed process goes stale after STALE_MS and is taken over.
import { mkdir, rm, stat } from 'node:fs/promises';

const STALE_MS = 10_000;
const WAIT_MS = 15;
const GIVE_UP_MS = 10_000;

export async function withFileLock<T>(lockPath: string, work: () => Promise<T>): Promise<T> {
  await acquire(lockPath);
  try {
    return await work();
  } finally {
    await rm(lockPath, { recursive: true, force: true });
  }
}

async function acquire(lockPath: string): Promise<void> {
  const deadline = Date.now() + GIVE_UP_MS;
  for (;;) {
    try {
      await mkdir(lockPath);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const age = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > STALE_MS) {
      await rm(lockPath, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`the data directory is locked by another Portcullis process (${lockPath}); try again`);
    await new Promise((resolve) => setTimeout(resolve, WAIT_MS + Math.random() * WAIT_MS));
  }
}
