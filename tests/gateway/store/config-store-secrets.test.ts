// Upstream secrets at rest: sealed in config.json by the SecretBox, plain in memory; a value
// sealed by the desktop app survives a headless write untouched.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { ConfigStore } from '../../../electron/gateway/store/config-store.js';
import { addServer } from '../../../electron/gateway/config/servers.js';
import { SEALED_PREFIX, type SecretBox } from '../../../electron/gateway/store/secret-box.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/** Stands in for the OS keychain: reversible, and visibly not the plain text. */
const keychainBox: SecretBox = {
  kind: 'test-keychain',
  encrypted: true,
  seal: (plain) => SEALED_PREFIX + Buffer.from([...plain].reverse().join('')).toString('base64'),
  open: (stored) => (stored.startsWith(SEALED_PREFIX) ? [...Buffer.from(stored.slice(SEALED_PREFIX.length), 'base64').toString()].reverse().join('') : stored),
};

let dir: string;
beforeEach(async () => {
  dir = makeTempDir('portcullis-secrets-');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('env values and headers are sealed on disk and plain in memory', async () => {
  const store = await ConfigStore.open(dir, { secrets: keychainBox });
  await addServer(store, 'db', { transport: 'stdio', command: 'node', args: [], env: { DB_PASSWORD: 'hunter2' } });
  await addServer(store, 'remote', { transport: 'http', url: 'https://example.test/mcp', headers: { Authorization: 'Bearer s3cret' } });
  const onDisk = await readFile(path.join(dir, 'config.json'), 'utf8');
  expect(onDisk).not.toContain('hunter2');
  expect(onDisk).not.toContain('s3cret');
  expect(onDisk).toContain(SEALED_PREFIX);
  expect(store.server('db')!.upstream).toMatchObject({ env: { DB_PASSWORD: 'hunter2' } });

  const reopened = await ConfigStore.open(dir, { secrets: keychainBox });
  expect(reopened.server('remote')!.upstream).toMatchObject({ headers: { Authorization: 'Bearer s3cret' } });
});

test('headless (no keychain): sealed values stay sealed through a write, with a warning', async () => {
  const desktop = await ConfigStore.open(dir, { secrets: keychainBox });
  await addServer(desktop, 'db', { transport: 'stdio', command: 'node', args: [], env: { DB_PASSWORD: 'hunter2' } });
  const sealed = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')).servers[0].upstream.env.DB_PASSWORD;

  const headless = await ConfigStore.open(dir);
  expect(headless.warnings.join('\n')).toMatch(/server 'db': this value was encrypted by the Portcullis desktop app/);
  await addServer(headless, 'other', { transport: 'stdio', command: 'node', args: [], env: { TOKEN: 'plain' } });
  const after = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'));
  expect(after.servers[0].upstream.env.DB_PASSWORD).toBe(sealed);
  expect(after.servers[1].upstream.env.TOKEN).toBe('plain');
  expect((await ConfigStore.open(dir, { secrets: keychainBox })).server('db')!.upstream).toMatchObject({ env: { DB_PASSWORD: 'hunter2' } });
});
