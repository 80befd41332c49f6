// Where Portcullis keeps its files: --data-dir, else PORTCULLIS_DATA_DIR, else the
// OS app-data folder that Electron's `userData` would use for an app named "Portcullis".
// Everything in it is the user's alone: folders 0700, files 0600 (grants, policies,
// counters, the call log and runtime.json's admin token are nobody else's business).
import os from 'node:os';
import path from 'node:path';
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Portcullis');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Portcullis');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Portcullis');
}

export function resolveDataDir(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(explicit ?? env.PORTCULLIS_DATA_DIR ?? defaultDataDir(env));
}

export async function ensureDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await mkdir(path.join(dir, 'policies'), { recursive: true, mode: 0o700 });
  await mkdir(path.join(dir, 'logs'), { recursive: true, mode: 0o700 });
}

/** How deep the walk goes: the data directory's own folders (policies/, logs/, oauth/, …) and one more. */
const MAX_DEPTH = 3;

/**
 * Makes the data directory (and its folders) and takes away what group and others may do
 * in it: a data directory made by an older version, or files written by hand or by an
 * editor, may be 0755/0644. Symlinks are left alone (their targets are not ours to change).
 */
export async function tightenDataDir(dir: string): Promise<void> {
  await ensureDataDir(dir);
  if (process.platform === 'win32') return; // POSIX modes mean little there; the profile folder is private already
  await tighten(dir, 0o700);
  await walk(dir, 1);
}

async function walk(dir: string, depth: number): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      await tighten(full, 0o700);
      if (depth < MAX_DEPTH) await walk(full, depth + 1);
    } else if (entry.isFile()) {
      await tighten(full, 0o600);
    }
  }
}

async function tighten(file: string, mode: number): Promise<void> {
  const info = await lstat(file).catch(() => undefined);
  if (!info || (info.mode & 0o077) === 0) return;
  await chmod(file, info.mode & mode & 0o7777).catch(() => undefined); // a file we cannot chmod is not ours to fix
}
