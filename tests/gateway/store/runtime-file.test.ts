import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { RUNTIME_FILE, readRuntimeFile, removeOwnRuntimeFile, writeRuntimeFile, type RuntimeInfo } from '../../../electron/gateway/store/runtime-file.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-runtime-');
const info = (pid: number): RuntimeInfo => ({ pid, url: 'http://127.0.0.1:1234', adminToken: 'admin-x', startedAt: '2026-01-01T00:00:00.000Z' });
const exists = (p: string) => stat(p).then(() => true, () => false);

it('writes runtime.json 0600 and reads it back', async () => {
  await writeRuntimeFile(tmp.path, info(123));
  const file = path.join(tmp.path, RUNTIME_FILE);
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(info(123));
  expect(await readRuntimeFile(tmp.path)).toEqual(info(123));
});

it('a file left 0644 is replaced by a 0600 one', async () => {
  await writeFile(path.join(tmp.path, RUNTIME_FILE), '{}', { mode: 0o644 });
  await writeRuntimeFile(tmp.path, info(1));
  expect((await stat(path.join(tmp.path, RUNTIME_FILE))).mode & 0o777).toBe(0o600);
});

it('missing, unparsable or without pid/url reads as undefined', async () => {
  const file = path.join(tmp.path, RUNTIME_FILE);
  expect(await readRuntimeFile(tmp.path)).toBeUndefined();
  await writeFile(file, '{nope');
  expect(await readRuntimeFile(tmp.path)).toBeUndefined();
  await writeFile(file, JSON.stringify({ pid: '12', url: 'http://x' }));
  expect(await readRuntimeFile(tmp.path)).toBeUndefined();
  await writeFile(file, JSON.stringify({ pid: 12 }));
  expect(await readRuntimeFile(tmp.path)).toBeUndefined();
});

it('removeOwnRuntimeFile removes the file this process wrote', async () => {
  await writeRuntimeFile(tmp.path, info(process.pid));
  await removeOwnRuntimeFile(tmp.path);
  expect(await exists(path.join(tmp.path, RUNTIME_FILE))).toBe(false);
});

it('removeOwnRuntimeFile leaves another process\'s file alone, and a missing one is no error', async () => {
  await removeOwnRuntimeFile(tmp.path);
  await writeRuntimeFile(tmp.path, info(process.pid + 1));
  await removeOwnRuntimeFile(tmp.path);
  expect(await readRuntimeFile(tmp.path)).toEqual(info(process.pid + 1));
});
