// Where Portcullis keeps its files: --data-dir, else PORTCULLIS_DATA_DIR, else the
// OS app-data folder that Electron's `userData` would use for an app named "Portcullis".
import os from 'node:os';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';

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
  await mkdir(path.join(dir, 'policies'), { recursive: true });
  await mkdir(path.join(dir, 'logs'), { recursive: true });
}
