import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api-error.js';
import { requireServer } from '../../../electron/gateway/api/find-server.js';
import { addServer } from '../../../electron/gateway/config/servers.js';
import { ConfigStore } from '../../../electron/gateway/store/config-store.js';
import { Portcullis } from '../../../electron/gateway/portcullis.js';
import { useTempDirForFile } from '../../helpers/temp-dir.js';

const tmp = useTempDirForFile('portcullis-find-server-');
let app: Portcullis;
beforeAll(async () => {
  app = await Portcullis.start({ dataDir: tmp.path, port: 0, host: '127.0.0.1', superviseUpstreams: false });
});
afterAll(() => app.close());

const stdio = { transport: 'stdio' as const, command: 'node', args: [], env: {} };

it('finds a server the core already knows', async () => {
  await addServer(app.gateway.config, 'known', stdio);
  expect((await requireServer(app, 'known')).id).toBe('known');
});

it('finds one another process has just written to config.json, before the watcher reloads', async () => {
  const other = await ConfigStore.open(tmp.path); // as `portcullis server add` would, in its own process
  await addServer(other, 'just-added', stdio);
  other.close();
  expect(app.gateway.config.server('just-added')).toBeUndefined();
  expect((await requireServer(app, 'just-added')).id).toBe('just-added');
});

it('a server that is nowhere is not-found, naming it', async () => {
  const error = await requireServer(app, 'ghost').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ code: 'not-found', message: "no server named 'ghost'" });
});
