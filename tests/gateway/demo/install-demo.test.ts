// installDemo: registers demo-odoo with the demo policy, idempotently; then the whole demo
// through a real gateway and a real client: a hidden tool, an allowed read, a denial with its
// reason, a limit running out and a call held for approval.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEMO_POLICY } from '../../../electron/gateway/demo/demo-policy.js';
import { DEMO_SERVER_ID, demoServerEntry, installDemo } from '../../../electron/gateway/demo/install-demo.js';
import { readPolicyFile } from '../../../electron/gateway/policy/policy-files.js';
import { ConfigStore } from '../../../electron/gateway/store/config-store.js';
import { startTestApp } from '../../helpers/app.js';
import { waitFor } from '../../helpers/wait-for.js';
import { connectHttpClient, textOf } from '../../helpers/sdk-client.js';
import { tempDir } from '../clients/fixtures.js';

let temp: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  temp = await tempDir('demo');
});
afterEach(async () => {
  await temp.remove();
});

describe('installDemo', () => {
  test('registers demo-odoo (node + the built demo server) and writes the demo policy; again changes nothing', async () => {
    const store = await ConfigStore.open(temp.dir);
    expect(await installDemo(store, temp.dir)).toEqual({ serverId: DEMO_SERVER_ID, addedServer: true, wrotePolicy: true });
    expect(store.server(DEMO_SERVER_ID)!.upstream).toEqual({ transport: 'stdio', command: process.execPath, args: [path.resolve('dist/electron/gateway/demo/demo-server.js')], env: {} });
    expect(demoServerEntry()).toBe(path.resolve('dist/electron/gateway/demo/demo-server.js'));
    const loaded = await readPolicyFile(temp.dir, DEMO_SERVER_ID);
    expect(loaded.source).toBe('file');
    expect(loaded.policy).toEqual(DEMO_POLICY);

    const config = await readFile(path.join(temp.dir, 'config.json'), 'utf8');
    expect(await installDemo(store, temp.dir)).toEqual({ serverId: DEMO_SERVER_ID, addedServer: false, wrotePolicy: false });
    expect(await readFile(path.join(temp.dir, 'config.json'), 'utf8')).toBe(config);
    store.close();
  });

  test('a policy the person edited is kept', async () => {
    const store = await ConfigStore.open(temp.dir);
    await installDemo(store, temp.dir);
    const file = path.join(temp.dir, 'policies', `${DEMO_SERVER_ID}.json`);
    await writeFile(file, JSON.stringify({ version: '1', default: 'allow' }));
    await installDemo(store, temp.dir);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: '1', default: 'allow' });
    store.close();
  });
});

describe('the demo through a real gateway', () => {
  test('hidden, allowed, denied with reason, limited, held for approval', async () => {
    const store = await ConfigStore.open(temp.dir);
    await installDemo(store, temp.dir);
    store.close();
    const app = await startTestApp({ dataDir: temp.dir });
    try {
      const token = await app.grant('Demo client');
      const client = await connectHttpClient(app.endpoint(DEMO_SERVER_ID), { Authorization: `Bearer ${token}` });
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('odoo_search_read');
      expect(names).toContain('odoo_unlink');
      expect(names).not.toContain('ssh_execute');

      const partners = JSON.parse(textOf(await client.callTool({ name: 'odoo_search_read', arguments: { model: 'res.partner', fields: ['name'], limit: 1 } })));
      expect(partners).toEqual([{ id: 7, name: 'Azure Interior' }]);

      const unlink = await client.callTool({ name: 'odoo_unlink', arguments: { model: 'res.partner', ids: [7] } });
      expect(unlink.isError).toBe(true);
      expect(textOf(unlink)).toMatch(/Deleting records is not allowed for agents/);

      const counts = [];
      for (let i = 0; i < 4; i++) counts.push(await client.callTool({ name: 'odoo_search_count', arguments: { model: 'sale.order' } }));
      expect(counts.map((c) => c.isError === true)).toEqual([false, false, false, true]);
      expect(textOf(counts[3])).toMatch(/3 counts a minute/);

      const held = client.callTool({ name: 'odoo_execute', arguments: { model: 'sale.order', method: 'action_confirm', args: [[1]] } });
      let id = '';
      await waitFor(async () => {
        id = (await app.api.listApprovals({})).find((r) => r.tool === 'odoo_execute')?.id ?? '';
        return id !== '';
      }, { what: 'an approval request for odoo_execute' });
      await app.api.decideApproval({ id, decision: { action: 'approve', scope: 'once' } });
      expect(textOf(await held)).toMatch(/^demo: nothing was changed/);
      await client.close();
    } finally {
      await app.stop();
    }
  });
});
