// What every command shares: the --data-dir option and opening that directory's config store,
// with the store's warnings printed (stderr) rather than lost.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, expect, it, vi } from 'vitest';
import { openConfig, withDataDir } from '../../electron/cli/context.js';
import { addServer } from '../../electron/gateway/config/servers.js';
import { SEALED_PREFIX } from '../../electron/gateway/store/secret-box.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-cli-context-');
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

it('withDataDir adds --data-dir to a command', () => {
  const command = withDataDir(new Command('x').exitOverride());
  command.parse(['--data-dir', '/tmp/pc'], { from: 'user' });
  expect(command.opts()).toEqual({ dataDir: '/tmp/pc' });
  expect(command.helpInformation()).toContain('--data-dir <dir>');
});

it('openConfig opens the store of the directory given, else PORTCULLIS_DATA_DIR’s', async () => {
  const store = await openConfig({ dataDir: tmp.path });
  await addServer(store, 'memory', { transport: 'stdio', command: 'node', args: [], env: {} });
  store.close();
  vi.stubEnv('PORTCULLIS_DATA_DIR', tmp.path);
  const again = await openConfig({});
  expect(again.server('memory')?.upstream).toMatchObject({ command: 'node' });
  again.close();
});

it('openConfig prints each of the store’s warnings to stderr, nothing to stdout', async () => {
  const store = await openConfig({ dataDir: tmp.path });
  await addServer(store, 'db', { transport: 'stdio', command: 'node', args: [], env: { PASSWORD: 'x' } });
  store.close();
  const file = path.join(tmp.path, 'config.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as { servers: { upstream: { env: Record<string, string> } }[] };
  config.servers[0]!.upstream.env.PASSWORD = `${SEALED_PREFIX}c2VhbGVkIGJ5IHRoZSBkZXNrdG9w`; // sealed by a desktop keychain this process lacks
  await writeFile(file, JSON.stringify(config));

  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const reopened = await openConfig({ dataDir: tmp.path });
  reopened.close();
  expect(reopened.warnings).toHaveLength(1);
  expect(stderr.mock.calls.map(([text]) => String(text))).toEqual([`portcullis: ${reopened.warnings[0]}\n`]);
  expect(stdout).not.toHaveBeenCalled();
});
