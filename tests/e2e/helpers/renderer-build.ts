// The e2e tests load renderer/dist as the host serves it. Build it when it is missing or
// older than any renderer or shared source, so a test never runs against a stale bundle.
// Test files run in parallel workers: a lock keeps two of them from building at once.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve('.');
export const RENDERER_DIST = path.join(ROOT, 'renderer', 'dist');
const LOCK = path.join(os.tmpdir(), `portcullis-renderer-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);
const STALE_LOCK_MS = 120_000;

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestMtime(full));
    else newest = Math.max(newest, (await stat(full)).mtimeMs);
  }
  return newest;
}

async function isFresh(): Promise<boolean> {
  const index = path.join(RENDERER_DIST, 'index.html');
  if (!existsSync(index)) return false;
  const built = (await stat(index)).mtimeMs;
  const sources = Math.max(
    await newestMtime(path.join(ROOT, 'renderer', 'src')),
    await newestMtime(path.join(ROOT, 'shared')),
    (await stat(path.join(ROOT, 'renderer', 'index.html'))).mtimeMs,
  );
  return built >= sources;
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      const age = Date.now() - (await stat(LOCK).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > STALE_LOCK_MS) await rm(LOCK, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

export async function ensureRendererBuilt(): Promise<void> {
  if (await isFresh()) return;
  await withLock(async () => {
    if (await isFresh()) return; // another worker built it while we waited
    // A child process: under vitest NODE_ENV is 'test', which would make Vite build Svelte in dev mode.
    const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    await promisify(execFile)(process.execPath, [vite, 'build', '--config', path.join(ROOT, 'renderer', 'vite.config.ts'), '--logLevel', 'warn'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
    });
  });
}
