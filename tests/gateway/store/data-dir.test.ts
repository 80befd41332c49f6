import { chmod, mkdir, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { tightenDataDir } from '../../../electron/gateway/store/data-dir.js';
import { odooFixture, startTestApp } from '../../helpers/app.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-modes-');

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

it('a new data directory and its folders are 0700', async () => {
  const dir = path.join(tmp.path, 'data');
  await tightenDataDir(dir);
  for (const folder of [dir, path.join(dir, 'policies'), path.join(dir, 'logs')]) expect(await modeOf(folder)).toBe(0o700);
});

it('an existing data directory made 0755/0644 is tightened: folders 0700, files 0600; symlinked files untouched', async () => {
  const dir = path.join(tmp.path, 'data');
  await mkdir(path.join(dir, 'policies'), { recursive: true, mode: 0o755 });
  await mkdir(path.join(dir, 'oauth'), { mode: 0o755 });
  await chmod(dir, 0o755);
  const outside = path.join(tmp.path, 'outside.json');
  await writeFile(outside, '{}', { mode: 0o644 });
  for (const file of ['counters.json', 'runtime.json', 'config.json', 'policies/odoo.json', 'oauth/x.json']) await writeFile(path.join(dir, file), '{}', { mode: 0o644 });
  await symlink(outside, path.join(dir, 'policies', 'linked.json'));
  await tightenDataDir(dir);
  for (const folder of ['.', 'policies', 'oauth', 'logs']) expect(await modeOf(path.join(dir, folder))).toBe(0o700);
  for (const file of ['counters.json', 'runtime.json', 'config.json', 'policies/odoo.json', 'oauth/x.json']) expect(await modeOf(path.join(dir, file))).toBe(0o600);
  expect(await modeOf(outside)).toBe(0o644);
});

it('a started gateway tightens its data directory, and what it writes is 0600', async () => {
  const dir = path.join(tmp.path, 'data');
  await mkdir(path.join(dir, 'policies'), { recursive: true, mode: 0o755 });
  await chmod(dir, 0o755);
  await writeFile(path.join(dir, 'runtime.json'), '{}', { mode: 0o644 });
  await writeFile(path.join(dir, 'policies', 'odoo.json'), JSON.stringify({ version: '1', default: 'allow' }), { mode: 0o644 });
  const app = await startTestApp({ dataDir: dir, servers: { other: odooFixture() } });
  try {
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(path.join(dir, 'policies'))).toBe(0o700);
    expect(await modeOf(path.join(dir, 'policies', 'odoo.json'))).toBe(0o600);
    expect(await modeOf(path.join(dir, 'runtime.json'))).toBe(0o600);
    expect(await app.api.savePolicy({ serverId: 'other', text: JSON.stringify({ version: '1', default: 'deny' }) })).toMatchObject({ ok: true });
    expect(await modeOf(path.join(dir, 'policies', 'other.json'))).toBe(0o600);
    expect(await modeOf(path.join(dir, 'config.json'))).toBe(0o600);
  } finally {
    await app.stop();
  }
});
