// runtime.json: how the CLI finds a running gateway (pid, url, this run's admin token).
// Written atomically and 0600 (a file left 0644 by an older version is replaced, not
// reused); removed only by the process that wrote it, so a process that did not start
// never cuts the CLI off from the gateway that did.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { atomicWriteFile } from './atomic-write.js';

export const RUNTIME_FILE = 'runtime.json';

export interface RuntimeInfo {
  pid: number;
  url: string;
  adminToken: string;
  startedAt: string;
}

export function writeRuntimeFile(dataDir: string, info: RuntimeInfo): Promise<void> {
  return atomicWriteFile(path.join(dataDir, RUNTIME_FILE), JSON.stringify(info, null, 2) + '\n', 0o600);
}

export async function readRuntimeFile(dataDir: string): Promise<RuntimeInfo | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dataDir, RUNTIME_FILE), 'utf8')) as Partial<RuntimeInfo>;
    return typeof parsed.pid === 'number' && typeof parsed.url === 'string' ? (parsed as RuntimeInfo) : undefined;
  } catch {
    return undefined;
  }
}

/** Removes runtime.json if this process wrote it. */
export async function removeOwnRuntimeFile(dataDir: string): Promise<void> {
  const info = await readRuntimeFile(dataDir);
  if (info?.pid === process.pid) await rm(path.join(dataDir, RUNTIME_FILE), { force: true });
}
