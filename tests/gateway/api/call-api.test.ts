// The one door into the core: a real core opened as the CLI opens it (no HTTP listener, no
// upstreams), reached only through callApi, which checks the input and carries the actor.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ApiError } from '../../../shared/api-error.js';
import { callApi } from '../../../electron/gateway/api/call-api.js';
import { addServer } from '../../../electron/gateway/config/servers.js';
import { ConfigStore } from '../../../electron/gateway/store/config-store.js';
import { useCoreApi } from '../../helpers/core-api.js';

const core = useCoreApi('portcullis-call-api-');

const CLI = { actor: 'cli' } as const;

describe('callApi', () => {
  test('refuses input the contract does not allow, with the path of each problem, and changes nothing', async () => {
    const refused = await callApi(core.api, 'createGrant', { name: '', extra: 1 }, CLI).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('invalid-input');
    expect((refused as ApiError).issues?.map((issue) => issue.path)).toEqual(expect.arrayContaining(['name']));
    expect(await callApi(core.api, 'listGrants', {}, CLI)).toEqual([]);
  });

  test('records the actor it was given as who decided an approval', async () => {
    const answer = core.app.approvals.hold({
      server: 'odoo', grant: 'cursor', session: 's1', client: { name: 'Cursor', version: '1' }, tool: 'odoo_execute',
      rawArguments: {}, riskClass: 'write', riskLevel: 'high', rule: 'tools.odoo_execute', timeoutSeconds: 60,
    });
    const [request] = core.app.approvals.list();
    const resolution = await callApi(core.api, 'decideApproval', { id: request!.id, decision: { action: 'approve' } }, CLI);
    expect(resolution).toMatchObject({ outcome: 'approved', scope: 'once', by: 'cli' });
    await expect(answer).resolves.toMatchObject({ by: 'cli' });
  });

  test('a server another process has just added is found at once, not "no server named"', async () => {
    const other = await ConfigStore.open(core.dataDir);
    await addServer(other, 'fresh', { transport: 'stdio', command: 'node', args: [], env: {} });
    other.close();
    const view = await callApi(core.api, 'getPolicy', { serverId: 'fresh' }, CLI);
    expect(view).toMatchObject({ serverId: 'fresh', source: 'default' });
    const unknown = await callApi(core.api, 'getPolicy', { serverId: 'ghost' }, CLI).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ code: 'not-found', message: "no server named 'ghost'" });
  });

  test('a save answers with the policy now active, parsed once and formatted as written to disk', async () => {
    const other = await ConfigStore.open(core.dataDir);
    await addServer(other, 'x', { transport: 'stdio', command: 'node', args: [], env: {} });
    other.close();
    const saved = await callApi(core.api, 'savePolicy', { serverId: 'x', text: '{"version":"1","default":"allow"}' }, CLI);
    expect(saved).toMatchObject({ ok: true, policy: { serverId: 'x', source: 'file' } });
    const onDisk = await readFile(path.join(core.dataDir, 'policies', 'x.json'), 'utf8');
    expect(saved.ok && saved.policy.text).toBe(onDisk);
  });
});

describe('a core without a listener (the CLI with no gateway running)', () => {
  test('leaves runtime.json, which only a listening gateway owns, in place when it closes', async () => {
    const runtime = path.join(core.dataDir, 'runtime.json');
    await writeFile(runtime, '{"pid":1,"url":"http://127.0.0.1:1","adminToken":"t"}\n');
    await core.app.close();
    await expect(readFile(runtime, 'utf8')).resolves.toMatch(/adminToken/);
  });
});
