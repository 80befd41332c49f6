import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoApi } from '../../../electron/gateway/api/demo-api.js';
import { DEMO_SERVER_ID } from '../../../electron/gateway/demo/install-demo.js';
import { Portcullis } from '../../../electron/gateway/portcullis.js';
import { useTempDirForFile } from '../../helpers/temp-dir.js';

const tmp = useTempDirForFile('portcullis-demo-api-');
let app: Portcullis;
beforeAll(async () => {
  app = await Portcullis.start({ dataDir: tmp.path, port: 0, host: '127.0.0.1', superviseUpstreams: false });
});
afterAll(() => app.close());

it('installs the demo server and its policy, and the running core enforces that policy at once', async () => {
  const result = await demoApi(app).installDemo({});
  expect(result).toEqual({ serverId: DEMO_SERVER_ID, addedServer: true, wrotePolicy: true });
  expect(app.gateway.config.server(DEMO_SERVER_ID)).toBeDefined();
  const written = JSON.parse(await readFile(path.join(tmp.path, 'policies', `${DEMO_SERVER_ID}.json`), 'utf8')) as unknown;
  // Reloaded, not just written: the engine's policy is the file's.
  expect(app.policies.engine(DEMO_SERVER_ID).policy).toEqual(written);
});

it('a second install keeps what is there', async () => {
  expect(await demoApi(app).installDemo({})).toEqual({ serverId: DEMO_SERVER_ID, addedServer: false, wrotePolicy: false });
});
