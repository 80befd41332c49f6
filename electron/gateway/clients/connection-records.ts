// What `connect` changed, so `disconnect` can undo it: timestamped backups of the client's
// files in <data dir>/backups/<client>/, and one record per connected file in
// backups/client-connections.json (original text of every entry it rewrote, hashes of what
// it wrote). Backups hold the client's secrets, so they are readable by the owner only.
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClientId } from './client-kinds.js';
import { atomicWriteFile } from '../store/atomic-write.js';
import { withFileLock } from '../store/file-lock.js';

export interface RecordedEntry {
  path: string[];
  /** The entry's text before Portcullis rewrote it; null when Portcullis added the entry. */
  original: string | null;
  /** canonicalHash of what Portcullis wrote there. */
  written: string;
}

export interface ClientConnection {
  client: ClientId;
  file: string;
  grant: string;
  connectedAt: string;
  /** Copy of the file before the first connect; absent when there was no file. */
  backup?: string;
  existed: boolean;
  /** sha256 of the file as Portcullis last wrote it: unchanged since means a byte-for-byte restore is safe. */
  writtenSha256: string;
  /** False once someone else had changed the file before a later connect: restore entry by entry then. */
  exact: boolean;
  entries: RecordedEntry[];
}

interface RecordsFile {
  version: 1;
  connections: ClientConnection[];
}

export const BACKUPS_DIR = 'backups';
const RECORDS_FILE = 'client-connections.json';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A hash of a JSON value that ignores key order and formatting. */
export function canonicalHash(value: unknown): string {
  return sha256(JSON.stringify(sortKeys(value)));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** Copies `bytes` to backups/<client>/<timestamp>-<name>; returns the backup's path. */
export async function backupFile(dataDir: string, client: ClientId, file: string, bytes: Uint8Array, now = new Date()): Promise<string> {
  const dir = path.join(dataDir, BACKUPS_DIR, client);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const target = path.join(dir, `${stamp}-${path.basename(file)}`);
  await atomicWriteFile(target, bytes, 0o600);
  return target;
}

export async function readConnections(dataDir: string): Promise<ClientConnection[]> {
  const file = path.join(dataDir, BACKUPS_DIR, RECORDS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<RecordsFile>;
    return Array.isArray(parsed.connections) ? parsed.connections : [];
  } catch (error) {
    throw new Error(`${file} is damaged (${(error as Error).message}); fix or remove it by hand: it lists what \`clients disconnect\` restores`, { cause: error });
  }
}

export async function findConnection(dataDir: string, file: string): Promise<ClientConnection | undefined> {
  const absolute = path.resolve(file);
  return (await readConnections(dataDir)).find((c) => c.file === absolute);
}

/** Adds or replaces the record of `connection.file`; with undefined, removes the record of `file`. */
export async function writeConnection(dataDir: string, file: string, connection: ClientConnection | undefined): Promise<void> {
  const dir = path.join(dataDir, BACKUPS_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await withFileLock(path.join(dir, '.client-connections.lock'), async () => {
    const absolute = path.resolve(file);
    const others = (await readConnections(dataDir)).filter((c) => c.file !== absolute);
    const records: RecordsFile = { version: 1, connections: connection ? [...others, connection] : others };
    await atomicWriteFile(path.join(dir, RECORDS_FILE), `${JSON.stringify(records, null, 2)}\n`, 0o600);
  });
}
