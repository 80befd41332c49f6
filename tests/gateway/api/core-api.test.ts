import { afterAll, beforeAll, expect, it } from 'vitest';
import { API_METHOD_NAMES } from '../../../shared/api-names.js';
import { createCoreApi } from '../../../electron/gateway/api/core-api.js';
import { Portcullis } from '../../../electron/gateway/portcullis.js';
import { useTempDirForFile } from '../../helpers/temp-dir.js';

const tmp = useTempDirForFile('portcullis-core-api-');
let app: Portcullis;
beforeAll(async () => {
  app = await Portcullis.start({ dataDir: tmp.path, port: 0, host: '127.0.0.1', superviseUpstreams: false });
});
afterAll(() => app.close());

it('implements exactly the contract\'s methods, each a function, plus subscribe', () => {
  const api = createCoreApi(app, 'headless');
  expect(Object.keys(api).sort()).toEqual([...API_METHOD_NAMES, 'subscribe'].sort());
  for (const name of API_METHOD_NAMES) expect(typeof api[name]).toBe('function');
});

it('the host it is given is what getInfo reports', async () => {
  expect((await createCoreApi(app, 'electron').getInfo({})).host).toBe('electron');
});

it("subscribe delivers the core's events until unsubscribed", async () => {
  const api = createCoreApi(app, 'headless');
  const seen: string[] = [];
  const unsubscribe = api.subscribe((event) => seen.push(event));
  await api.setPaused({ paused: true });
  unsubscribe();
  await api.setPaused({ paused: false });
  expect(seen).toEqual(['paused-changed']);
});
