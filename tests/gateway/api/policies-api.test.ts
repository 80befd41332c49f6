// recommendPolicy on a server nobody has listed yet: it says so (tools: 0), and with
// fetchTools it starts the server once, lists its tools and drafts from them.
import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { PortcullisApi } from '../../../shared/api.js';
import { actingAs } from '../../../electron/gateway/api/call-api.js';
import { createCoreApi } from '../../../electron/gateway/api/core-api.js';
import { Portcullis } from '../../../electron/gateway/portcullis.js';
import { everythingStdio } from '../../helpers/gateway.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

let dataDir: string;
let app: Portcullis;
let api: PortcullisApi;

beforeEach(async () => {
  dataDir = makeTempDir('portcullis-recommend-');
  app = await Portcullis.start({ dataDir, port: 0, host: '127.0.0.1', superviseUpstreams: false });
  api = actingAs(createCoreApi(app, 'headless'), 'app');
  await api.addServer({ id: 'everything', upstream: everythingStdio() });
});
afterEach(async () => {
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('no tools known: says so; fetchTools lists them once and drafts from them', async () => {
  const unknown = await api.recommendPolicy({ serverId: 'everything' });
  expect(unknown.tools).toBe(0);
  const drafted = await api.recommendPolicy({ serverId: 'everything', fetchTools: true });
  expect(drafted.tools).toBeGreaterThan(5);
  expect((await api.listCatalog({ serverId: 'everything' })).map((e) => e.name)).toContain('echo');
  expect(JSON.parse(drafted.text).tools['get-env']).toMatchObject({ action: 'approve' });
  const saved = await api.savePolicy({ serverId: 'everything', text: drafted.text });
  expect(saved.ok).toBe(true);
});
