// The one door into the core: a real core opened as the CLI opens it (no HTTP listener, no
// upstreams), reached only through callApi, which checks the input and carries the actor.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { PortcullisClient } from '../../../shared/api.js';
import { ApiError } from '../../../shared/api-error.js';
import { callApi } from '../../../electron/gateway/api/call-api.js';
import { createCoreApi } from '../../../electron/gateway/api/core-api.js';
import { addServer } from '../../../electron/gateway/config/servers.js';
import { Portcullis } from '../../../electron/gateway/portcullis.js';
import { ConfigStore } from '../../../electron/gateway/store/config-store.js';

let dataDir: string;
let app: Portcullis;
let api: PortcullisClient;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-call-api-'));
  app = await Portcullis.start({ dataDir, listen: false, superviseUpstreams: false });
  api = createCoreApi(app, 'headless');
});
afterEach(async () => {
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
});

const CLI = { actor: 'cli' } as const;

describe('callApi', () => {
  test('refuses input the contract does not allow, with the path of each problem, and changes nothing', async () => {
    const refused = await callApi(api, 'createGrant', { name: '', extra: 1 }, CLI).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('invalid-input');
    expect((refused as ApiError).issues?.map((issue) => issue.path)).toEqual(expect.arrayContaining(['name']));
    expect(await callApi(api, 'listGrants', {}, CLI)).toEqual([]);
  });

  test('records the actor it was given as who decided an approval', async () => {
    const answer = app.approvals.hold({
      server: 'odoo', grant: 'cursor', session: 's1', client: { name: 'Cursor', version: '1' }, tool: 'odoo_execute',
      rawArguments: {}, riskClass: 'write', riskLevel: 'high', rule: 'tools.odoo_execute', timeoutSeconds: 60,
    });
    const [request] = app.approvals.list();
    const resolution = await callApi(api, 'decideApproval', { id: request!.id, decision: { action: 'approve' } }, CLI);
    expect(resolution).toMatchObject({ outcome: 'approved', scope: 'once', by: 'cli' });
    await expect(answer).resolves.toMatchObject({ by: 'cli' });
  });

  test('a server another process has just added is found at once, not "no server named"', async () => {
    const other = await ConfigStore.open(dataDir);
    await addServer(other, 'fresh', { transport: 'stdio', command: 'node', args: [], env: {} });
    other.close();
    const view = await callApi(api, 'getPolicy', { serverId: 'fresh' }, CLI);
    expect(view).toMatchObject({ serverId: 'fresh', source: 'default' });
    const unknown = await callApi(api, 'getPolicy', { serverId: 'ghost' }, CLI).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ code: 'not-found', message: "no server named 'ghost'" });
  });

  test('a save answers with the policy now active, parsed once and formatted as written to disk', async () => {
    const other = await ConfigStore.open(dataDir);
    await addServer(other, 'x', { transport: 'stdio', command: 'node', args: [], env: {} });
    other.close();
    const saved = await callApi(api, 'savePolicy', { serverId: 'x', text: '{"version":"1","default":"allow"}' }, CLI);
    expect(saved).toMatchObject({ ok: true, policy: { serverId: 'x', source: 'file' } });
    const onDisk = await readFile(path.join(dataDir, 'policies', 'x.json'), 'utf8');
    expect(saved.ok && saved.policy.text).toBe(onDisk);
  });
});

describe('a core without a listener (the CLI with no gateway running)', () => {
  test('leaves runtime.json, which only a listening gateway owns, in place when it closes', async () => {
    const runtime = path.join(dataDir, 'runtime.json');
    await writeFile(runtime, '{"pid":1,"url":"http://127.0.0.1:1","adminToken":"t"}\n');
    await app.close();
    await expect(readFile(runtime, 'utf8')).resolves.toMatch(/adminToken/);
  });
});
