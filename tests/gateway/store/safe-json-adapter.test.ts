import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CorruptFileError } from '../../../electron/gateway/store/json-file.js';
import { SafeJsonAdapter } from '../../../electron/gateway/store/safe-json-adapter.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-adapter-');

it('read gives null for a missing file; write stores pretty JSON with a newline, 0600 by default', async () => {
  const file = path.join(tmp.path, 'db.json');
  const adapter = new SafeJsonAdapter<{ n: number }>(file);
  expect(await adapter.read()).toBeNull();
  await adapter.write({ n: 1 });
  expect(await readFile(file, 'utf8')).toBe('{\n  "n": 1\n}\n');
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  expect(await adapter.read()).toEqual({ n: 1 });
});

it('writes with the mode it was given', async () => {
  const file = path.join(tmp.path, 'db.json');
  await new SafeJsonAdapter<object>(file, () => undefined, 0o644).write({});
  expect((await stat(file)).mode & 0o777).toBe(0o644);
});

it('a corrupt file is moved aside, reported once through onCorrupt, and read as null', async () => {
  const file = path.join(tmp.path, 'db.json');
  await writeFile(file, '{broken');
  const reports: string[] = [];
  const adapter = new SafeJsonAdapter<object>(file, (message) => reports.push(message));
  expect(await adapter.read()).toBeNull();
  expect(reports).toHaveLength(1);
  expect(reports[0]).toMatch(/db\.json was not valid JSON .* moved to .*db\.json\.corrupt-/);
  const names = await readdir(tmp.path);
  expect(names).toHaveLength(1);
  expect(names[0]).toMatch(/^db\.json\.corrupt-/);
});

it("with 'refuse', a corrupt file is refused and left where it is", async () => {
  const file = path.join(tmp.path, 'config.json');
  await writeFile(file, '{broken');
  await expect(new SafeJsonAdapter<object>(file, 'refuse').read()).rejects.toBeInstanceOf(CorruptFileError);
  expect(await readFile(file, 'utf8')).toBe('{broken');
});

it("with 'refuse', a valid file still reads", async () => {
  const file = path.join(tmp.path, 'config.json');
  await writeFile(file, '{"servers":{}}');
  expect(await new SafeJsonAdapter<object>(file, 'refuse').read()).toEqual({ servers: {} });
});
