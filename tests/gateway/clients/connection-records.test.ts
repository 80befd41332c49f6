// What connect changed, kept so disconnect can undo it: owner-only backups, and one record
// per connected file (added, replaced, removed under a lock); a damaged record file is refused.
import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BACKUPS_DIR, backupFile, canonicalHash, findConnection, readConnections, sha256, writeConnection, type ClientConnection,
} from '../../../electron/gateway/clients/connection-records.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-connections-');
const record = (file: string, grant = 'Cursor'): ClientConnection => ({
  client: 'cursor', file, grant, connectedAt: '2026-12-01T10:00:00.000Z', existed: true, writtenSha256: 'x', exact: true, entries: [],
});

describe('hashes', () => {
  it('canonicalHash ignores key order at every depth but not array order', () => {
    expect(canonicalHash({ b: 1, a: { d: [1, 2], c: 3 } })).toBe(canonicalHash({ a: { c: 3, d: [1, 2] }, b: 1 }));
    expect(canonicalHash({ a: [1, 2] })).not.toBe(canonicalHash({ a: [2, 1] }));
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('backupFile', () => {
  it('copies the bytes into backups/<client>/<timestamp>-<name>, owner-only', async () => {
    const target = await backupFile(tmp.path, 'cursor', '/home/u/.cursor/mcp.json', Buffer.from('{"secret":1}'), new Date('2026-12-01T10:00:00.123Z'));
    expect(target).toBe(path.join(tmp.path, BACKUPS_DIR, 'cursor', '2026-12-01T10-00-00-123Z-mcp.json'));
    expect(readFileSync(target, 'utf8')).toBe('{"secret":1}');
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });
});

describe('connection records', () => {
  it('are empty before the first connect', async () => {
    expect(await readConnections(tmp.path)).toEqual([]);
  });

  it('add, replace and remove the record of one file, leaving the others', async () => {
    const a = path.join(tmp.path, 'a.json');
    const b = path.join(tmp.path, 'b.json');
    await writeConnection(tmp.path, a, record(a));
    await writeConnection(tmp.path, b, record(b));
    await writeConnection(tmp.path, a, record(a, 'Cursor 2'));
    expect((await readConnections(tmp.path)).map((c) => [path.basename(c.file), c.grant])).toEqual([['b.json', 'Cursor'], ['a.json', 'Cursor 2']]);
    expect((await findConnection(tmp.path, path.relative(process.cwd(), a)))?.grant).toBe('Cursor 2');
    await writeConnection(tmp.path, a, undefined);
    expect((await readConnections(tmp.path)).map((c) => c.file)).toEqual([b]);
    expect(await findConnection(tmp.path, a)).toBeUndefined();
  });

  it('refuses a damaged record file, saying how to fix it', async () => {
    mkdirSync(path.join(tmp.path, BACKUPS_DIR));
    writeFileSync(path.join(tmp.path, BACKUPS_DIR, 'client-connections.json'), '{ broken');
    await expect(readConnections(tmp.path)).rejects.toThrow(/client-connections\.json is damaged .*fix or remove it by hand/);
  });

  it('reads a record file without a connections list as none', async () => {
    mkdirSync(path.join(tmp.path, BACKUPS_DIR));
    writeFileSync(path.join(tmp.path, BACKUPS_DIR, 'client-connections.json'), '{"version":1}');
    expect(await readConnections(tmp.path)).toEqual([]);
  });
});
