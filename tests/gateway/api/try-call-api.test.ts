// tryCall through the real gateway path: a real gateway on port 0 and a real server-everything.
// An allowed call returns the real result and is logged as made from the window; a denied call
// is refused and logged as denied; a call that needs approval is held until decideApproval.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { TRY_CALL_CLIENT_NAME, type PortcullisApi } from '../../../shared/api.js';
import { actingAs } from '../../../electron/gateway/api/call-api.js';
import { createCoreApi } from '../../../electron/gateway/api/core-api.js';
import { Portcullis } from '../../../electron/gateway/portcullis.js';
import { everythingStdio } from '../../helpers/gateway.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

let dataDir: string;
let app: Portcullis;
let api: PortcullisApi;

const policy = {
  version: '1',
  default: 'deny',
  tools: {
    echo: { action: 'allow' },
    'get-sum': { action: 'approve', approval: { timeout_s: 60 } },
    'get-env': { action: 'deny', reason: 'Environment stays private' },
  },
};

beforeAll(async () => {
  dataDir = makeTempDir('portcullis-try-');
  app = await Portcullis.start({ dataDir, port: 0, host: '127.0.0.1', superviseUpstreams: false });
  api = actingAs(createCoreApi(app, 'headless'), 'app');
  await api.addServer({ id: 'everything', upstream: everythingStdio() });
  await api.createGrant({ name: 'Tester' });
  const saved = await api.savePolicy({ serverId: 'everything', text: JSON.stringify(policy) });
  expect(saved.ok).toBe(true);
});
afterAll(async () => {
  await app?.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('an allowed call returns the real result and is logged as made from the window, under the grant', async () => {
  const tried = await api.tryCall({ serverId: 'everything', tool: 'echo', arguments: { message: 'hi there' }, grant: 'Tester' });
  expect(tried.result.isError).toBe(false);
  expect(tried.result.content).toEqual([{ type: 'text', text: 'Echo: hi there' }]);
  expect(tried.call).toMatchObject({ tool: 'echo', grant: 'Tester', decision: 'allow', upstream: 'ok', client: { name: TRY_CALL_CLIENT_NAME } });
  const page = await api.queryCalls({ tool: 'echo' });
  expect(page.records.map((c) => c.id)).toContain(tried.call!.id);
});

test('a denied call is refused with the reason and logged as denied', async () => {
  const tried = await api.tryCall({ serverId: 'everything', tool: 'get-env', arguments: {}, grant: 'Tester' });
  expect(tried.result.isError).toBe(true);
  expect(JSON.stringify(tried.result.content)).toContain('Environment stays private');
  expect(tried.call).toMatchObject({ tool: 'get-env', decision: 'deny', upstream: 'not-called', client: { name: TRY_CALL_CLIENT_NAME } });
});

test('a call that needs approval is held, then completes after decideApproval', async () => {
  const held = new Promise<string>((resolve) => {
    const stop = app.events.subscribe((event, payload) => {
      if (event !== 'approval-requested') return;
      stop();
      resolve((payload as { id: string }).id);
    });
  });
  const trying = api.tryCall({ serverId: 'everything', tool: 'get-sum', arguments: { a: 2, b: 3 }, grant: 'Tester' });
  const id = await held;
  const pending = await api.listApprovals({});
  expect(pending.find((p) => p.id === id)).toMatchObject({ tool: 'get-sum', grant: 'Tester', client: { name: TRY_CALL_CLIENT_NAME } });
  await api.decideApproval({ id, decision: { action: 'approve', scope: 'once' } });
  const tried = await trying;
  expect(tried.result.isError).toBe(false);
  expect(JSON.stringify(tried.result.content)).toContain('5');
  expect(tried.call).toMatchObject({ decision: 'approve', approval: { outcome: 'approved' }, upstream: 'ok' });
});

test('an unknown grant or server is refused before anything is called', async () => {
  await expect(api.tryCall({ serverId: 'everything', tool: 'echo', arguments: {}, grant: 'Nobody' })).rejects.toMatchObject({ code: 'not-found' });
  await expect(api.tryCall({ serverId: 'nope', tool: 'echo', arguments: {}, grant: 'Tester' })).rejects.toMatchObject({ code: 'not-found' });
});

test('a window token opens nothing once its call has ended', async () => {
  const token = app.gateway.windowTokens.issue('Tester', 60_000);
  app.gateway.windowTokens.revoke(token);
  const res = await fetch(app.gateway.endpoint('everything'), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
  });
  expect(res.status).toBe(401);
});
