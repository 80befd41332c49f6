import { afterAll, beforeAll, expect, it } from 'vitest';
import { grantsApi } from '../../../electron/gateway/api/grants-api.js';
import { Portcullis } from '../../../electron/gateway/portcullis.js';
import { useTempDirForFile } from '../../helpers/temp-dir.js';

const tmp = useTempDirForFile('portcullis-grants-api-');
let app: Portcullis;
beforeAll(async () => {
  app = await Portcullis.start({ dataDir: tmp.path, port: 0, host: '127.0.0.1', superviseUpstreams: false });
});
afterAll(() => app.close());

it('create returns the token once; list never shows it; revoke removes the grant', async () => {
  const api = grantsApi(app);
  const created = await api.createGrant({ name: 'cursor' });
  expect(created.token).toMatch(/^pcg_/);
  const listed = await api.listGrants({});
  expect(listed.map((g) => g.name)).toEqual(['cursor']);
  expect(JSON.stringify(listed)).not.toContain(created.token);
  await api.revokeGrant({ name: 'cursor' });
  expect(await api.listGrants({})).toEqual([]);
});

it('list shows when a grant was last seen, from the live record before it is written to config.json', async () => {
  const api = grantsApi(app);
  await api.createGrant({ name: 'claude' });
  const before = Date.now();
  app.gateway.lastSeen.note('claude'); // a request with its token arrived
  const lastSeenAt = (await api.listGrants({})).find((g) => g.name === 'claude')?.lastSeenAt;
  expect(Date.parse(lastSeenAt ?? '')).toBeGreaterThanOrEqual(before);
  expect(app.gateway.config.data.grants.find((g) => g.name === 'claude')?.lastSeenAt).toBeUndefined();
});
