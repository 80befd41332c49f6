import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ConfigStore } from '../../../electron/gateway/store/config-store.js';
import { CorruptFileError } from '../../../electron/gateway/store/json-file.js';
import { runCli } from '../../helpers/cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-config-');

const BROKEN = '{"version": 1, "servers": [';

it('a corrupt config.json is refused with a clear error and left where it is', async () => {
  await writeFile(path.join(tmp.path, 'config.json'), BROKEN);
  const error = await ConfigStore.open(tmp.path).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CorruptFileError);
  expect((error as Error).message).toMatch(/config\.json is not valid JSON .*fix it/);
  expect(await readFile(path.join(tmp.path, 'config.json'), 'utf8')).toBe(BROKEN);
  expect((await readdir(tmp.path)).filter((name) => name.includes('corrupt'))).toEqual([]);
});

it('a running store keeps its last good state when the file goes bad, and refuses to write over it', async () => {
  const store = await ConfigStore.open(tmp.path);
  await store.update((data) => void data.grants.push({ name: 'g', tokenHash: 'h', createdAt: '' } as never));
  await writeFile(path.join(tmp.path, 'config.json'), BROKEN);
  await store.reload();
  expect(store.data.grants.map((g) => g.name)).toEqual(['g']);
  expect(store.warnings.join('\n')).toMatch(/not valid JSON/);
  await expect(store.update(() => undefined)).rejects.toBeInstanceOf(CorruptFileError);
  expect(await readFile(path.join(tmp.path, 'config.json'), 'utf8')).toBe(BROKEN);
  store.close();
});

it('`portcullis server list` on a corrupt config.json exits non-zero naming the file', { timeout: 30_000 }, async () => {
  await writeFile(path.join(tmp.path, 'config.json'), BROKEN);
  const result = await runCli(['server', 'list'], { dataDir: tmp.path });
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(/config\.json is not valid JSON/);
});
