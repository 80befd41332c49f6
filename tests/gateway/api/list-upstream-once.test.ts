// Its job is a one-off connection, so it starts the lightest real upstream (the tiny fixture).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api-error.js';
import { listToolsOnce, listUpstreamOnce } from '../../../electron/gateway/api/list-upstream-once.js';
import { addServer } from '../../../electron/gateway/config/servers.js';
import { Portcullis } from '../../../electron/gateway/portcullis.js';
import { tinyProcesses, tinyStdio } from '../../helpers/tiny.js';
import { useTempDirForFile } from '../../helpers/temp-dir.js';

const tmp = useTempDirForFile('portcullis-list-once-');
let app: Portcullis;
beforeAll(async () => {
  app = await Portcullis.start({ dataDir: tmp.path, port: 0, host: '127.0.0.1', superviseUpstreams: false });
});
afterAll(() => app.close());

it('lists the tools over a connection of its own, then closes it (no upstream left running)', async () => {
  const listing = await listUpstreamOnce(tinyStdio());
  expect(listing.tools.map((t) => t.name)).toEqual(['echo', 'whoami', 'flood']);
  for (let i = 0; i < 50 && tinyProcesses().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(tinyProcesses()).toEqual([]);
});

it('an upstream that cannot start is an error', async () => {
  await expect(listUpstreamOnce({ transport: 'stdio', command: process.execPath, args: ['-e', 'process.exit(3)'], env: {} }, 5_000)).rejects.toThrow();
});

it('listToolsOnce puts the tools in the catalog and returns how many', async () => {
  const server = await addServer(app.gateway.config, 'tiny', tinyStdio());
  expect(await listToolsOnce(app, server)).toBe(3);
  expect(app.catalog.entries('tiny').map((e) => e.name).sort()).toEqual(['echo', 'flood', 'whoami']);
});

it('listToolsOnce: a server that cannot be listed is an internal ApiError naming it; the catalog is untouched', async () => {
  const server = await addServer(app.gateway.config, 'broken', { transport: 'stdio', command: process.execPath, args: ['-e', 'process.exit(3)'], env: {} });
  const error = await listToolsOnce(app, server).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ code: 'internal', message: expect.stringMatching(/^could not list the tools of 'broken': /) });
  expect(app.catalog.entries('broken')).toEqual([]);
});
