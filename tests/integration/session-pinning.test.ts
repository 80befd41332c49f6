// "Nothing passes ungoverned", through the real gateway and a malicious upstream
// (tests/fixtures/servers/two-faced-server.mjs): pinning holds each session to the reviewed
// definitions (a server that shows the catalog connection one definition and a session
// another, or changes it inside one session, is flagged, and under block the tool is withheld
// and refused); the catalog connection looks like an ordinary client; and a call is forwarded
// only as checked — a string name from the session's own list, object arguments.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CallToolResultSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { waitFor } from '../helpers/wait-for.js';
import type { UpstreamConfig } from '../../shared/config.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const TWO_FACED = path.resolve('tests/fixtures/servers/two-faced-server.mjs');
const SERVERS = { split: { SPLIT: '1', POISON: 'exec' }, typo: { SPLIT: '1', POISON: 'typo' }, drift: {}, names: {} } as const;
type ServerName = keyof typeof SERVERS;

let tmp: string;
let app: TestApp;
let token: string;
const stateDir = (server: ServerName) => path.join(tmp, server);

async function lines(server: ServerName, file: 'calls.jsonl' | 'clients.jsonl'): Promise<Array<{ conn: number; params?: Record<string, unknown>; clientInfo?: { name: string; version: string } }>> {
  const text = await readFile(path.join(stateDir(server), file), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}
/** tools/call requests the upstream's session processes (not the catalog's, conn 0) received. */
const sessionCalls = async (server: ServerName) => (await lines(server, 'calls.jsonl')).filter((l) => l.conn > 0).map((l) => l.params);
const entry = async (server: ServerName, tool: string) => (await app.api.listCatalog({ serverId: server })).find((e) => e.name === tool);
const lastCall = async (server: ServerName, tool: string) => (await app.api.queryCalls({ server, tool, limit: 1 })).records[0];
const listNames = async (client: Client) => (await client.listTools()).tools.map((t: Tool) => t.name);
const connect = async (server: ServerName | '', name?: string) => connectHttpClient(server ? app.endpoint(server) : app.app.gateway.aggregateEndpoint, { Authorization: `Bearer ${token}` }, name);

beforeAll(async () => {
  tmp = makeTempDir('portcullis-two-faced-');
  const servers: Record<string, UpstreamConfig> = {};
  for (const [id, env] of Object.entries(SERVERS)) {
    await mkdir(stateDir(id as ServerName));
    servers[id] = { transport: 'stdio', command: process.execPath, args: [TWO_FACED], env: { ...env, STATE_DIR: stateDir(id as ServerName) } };
  }
  const allow = { version: '1', default: 'allow' };
  app = await startTestApp({
    superviseUpstreams: true,
    servers,
    policies: { split: allow, typo: allow, drift: allow, names: { version: '1', default: 'allow', tools: { env: { action: 'deny' }, delete_all: { action: 'deny' } } } },
  });
  for (const id of Object.keys(SERVERS)) {
    await waitFor(async () => (await app.api.listCatalog({ serverId: id })).length === 4, { timeout: 15_000, what: `the catalog listing of ${id}` });
  }
  token = await app.grant('agent');
}, 30_000);

afterAll(async () => {
  await app?.stop();
  await rm(tmp, { recursive: true, force: true });
});

describe('a server that shows the catalog one definition and sessions another', () => {
  test('the catalog connection saw the harmless definition: accepted', async () => {
    expect((await entry('split', 'lookup'))?.description).toBe('Look up a word in the dictionary.');
  });

  test('by default (block-riskier) the riskier definition is flagged with its diff, withheld from the list and refused; nothing reaches the upstream', async () => {
    const client = await connect('split');
    expect(await listNames(client)).toEqual(['env', 'delete_all', 'rotate', 'sync_contacts']); // a new tool is flagged, not blocked
    const refused = await client.callTool({ name: 'lookup', arguments: { word: 'x', cmd: 'cat ~/.ssh/id_rsa' } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/changed since it was reviewed \(description, inputSchema\); its risk rose from read\/low to execute\/critical/);
    expect(await lastCall('split', 'lookup')).toMatchObject({ decision: 'deny', rule: 'pinning', pin: 'changed', upstream: 'not-called' });

    const flagged = await entry('split', 'lookup');
    expect(flagged?.status).toBe('changed');
    expect(flagged?.diff?.fields.map((f) => f.field)).toEqual(['description', 'inputSchema']);
    expect(flagged?.class).toBe('execute');
    expect((await sessionCalls('split')).filter((p) => p?.name === 'lookup')).toEqual([]);
    await client.close();
  });

  test('a later sync from the catalog connection (the harmless definition again) does not clear the flag', async () => {
    const seen = (await entry('split', 'lookup'))!.lastSeen;
    await writeFile(path.join(stateDir('split'), 'catalog-next'), '');
    await app.app.gateway.restart('split'); // the catalog connection reconnects and is shown the harmless one
    await waitFor(async () => (await entry('split', 'lookup'))!.lastSeen !== seen, { what: 'the catalog connection to list again' });
    expect((await entry('split', 'lookup'))?.status).toBe('changed');
  });

  test('a tool only sessions are shown is recorded in the catalog as new, and its calls are flagged', async () => {
    expect((await entry('split', 'sync_contacts'))?.status).toBe('new');
    const client = await connect('split');
    await client.listTools();
    expect(textOf(await client.callTool({ name: 'sync_contacts', arguments: {} }))).toBe('ran sync_contacts');
    expect(await lastCall('split', 'sync_contacts')).toMatchObject({ decision: 'allow', pin: 'new' });
    await client.close();
  });

  test('warn lets the call through but flags it; block withholds and refuses it', async () => {
    await app.api.updateServer({ id: 'split', pinning: 'warn' });
    const warned = await connect('split');
    const listed = (await warned.listTools()).tools.find((t) => t.name === 'lookup');
    expect(listed?.description).toMatch(/execute the shell command/);
    expect(textOf(await warned.callTool({ name: 'lookup', arguments: { word: 'x' } }))).toBe('ran lookup');
    expect(await lastCall('split', 'lookup')).toMatchObject({ decision: 'allow', pin: 'changed' });
    await warned.close();

    await app.api.updateServer({ id: 'split', pinning: 'block' });
    const blocked = await connect('split');
    expect(await listNames(blocked)).not.toContain('lookup');
    const before = (await sessionCalls('split')).length;
    const refused = await blocked.callTool({ name: 'lookup', arguments: { word: 'x' } });
    expect(textOf(refused)).toMatch(/tool 'lookup' changed since it was reviewed/);
    expect(await lastCall('split', 'lookup')).toMatchObject({ decision: 'deny', rule: 'pinning', pin: 'changed' });
    expect((await sessionCalls('split')).length).toBe(before);
    await blocked.close();
  });

  test('a harmless change (same risk) is flagged and allowed by default, withheld under block', async () => {
    const client = await connect('typo');
    const listed = (await client.listTools()).tools.find((t) => t.name === 'lookup');
    expect(listed?.description).toBe('Look up a word in the English dictionary.');
    expect(textOf(await client.callTool({ name: 'lookup', arguments: { word: 'x' } }))).toBe('ran lookup');
    expect(await lastCall('typo', 'lookup')).toMatchObject({ decision: 'allow', pin: 'changed' });
    expect((await entry('typo', 'lookup'))?.status).toBe('changed');

    await app.api.updateServer({ id: 'typo', pinning: 'block' });
    expect(await listNames(client)).not.toContain('lookup'); // the list is filtered under the mode of the moment
    expect((await client.callTool({ name: 'lookup', arguments: { word: 'x' } })).isError).toBe(true);
    await client.close();
  });
});

test('a definition changed inside one session (list_changed) is caught before the next call, without the client listing again', async () => {
  const client = await connect('drift');
  expect(await listNames(client)).toContain('lookup');
  expect(textOf(await client.callTool({ name: 'lookup', arguments: { word: 'x' } }))).toBe('ran lookup');
  expect((await lastCall('drift', 'lookup'))?.pin).toBeUndefined();

  expect(textOf(await client.callTool({ name: 'rotate', arguments: {} }))).toBe('rotated'); // this session's upstream now shows the exec definition
  const refused = await client.callTool({ name: 'lookup', arguments: { word: 'x', cmd: 'id' } });
  expect(refused.isError).toBe(true);
  expect(textOf(refused)).toMatch(/risk rose/);
  expect((await sessionCalls('drift')).filter((p) => p?.name === 'lookup')).toHaveLength(1); // only the call before the change
  expect((await entry('drift', 'lookup'))?.status).toBe('changed');
  expect(await listNames(client)).not.toContain('lookup');
  await client.close();
});

describe('the catalog connection', () => {
  test('introduces itself as an ordinary client, then as the last client the gateway has seen', async () => {
    const catalog = (await lines('names', 'clients.jsonl')).find((l) => l.conn === 0)!;
    expect(catalog.clientInfo?.name).not.toMatch(/portcullis/i);
    expect(catalog.clientInfo).toEqual({ name: 'Visual Studio Code', version: '1.105.1' });

    const client = await connect('names', 'Cursor');
    await client.listTools();
    await client.close();
    const before = (await lines('names', 'clients.jsonl')).length;
    await app.app.gateway.restart('names');
    await waitFor(async () => (await lines('names', 'clients.jsonl')).length > before, { what: 'the catalog connection to reconnect' });
    const again = (await lines('names', 'clients.jsonl')).at(-1)!;
    expect(again.clientInfo).toEqual({ name: 'Cursor', version: '1.0.0' });
  });
});

describe('what is forwarded is what was checked', () => {
  let client: Client;
  beforeAll(async () => {
    client = await connect('names');
  });
  afterAll(async () => client.close());

  const raw = (params: Record<string, unknown>) => client.request({ method: 'tools/call', params } as never, CallToolResultSchema);

  test('a name that is not a string is refused with invalid params, and logged', async () => {
    await expect(raw({ name: ['env'], arguments: {} })).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/params\.name must be a string/) });
    expect(await lastCall('names', '["env"]')).toMatchObject({ decision: 'deny', rule: 'malformed-call', upstream: 'not-called' });
  });

  test('names not in the list (ENV, "env ", DELETE_ALL) are refused before policy, and logged', async () => {
    for (const name of ['ENV', 'env ', 'DELETE_ALL']) {
      const result = await client.callTool({ name, arguments: {} });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/Unknown tool/);
      expect(await lastCall('names', name)).toMatchObject({ decision: 'deny', rule: 'unlisted-tool', upstream: 'not-called' });
    }
  });

  test('arguments that are not an object are refused with invalid params', async () => {
    for (const args of ['{"word":"x"}', ['x'], 5, null]) {
      await expect(raw({ name: 'lookup', arguments: args })).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/params\.arguments must be an object/) });
    }
  });

  test('the same through the aggregate endpoint', async () => {
    const all = await connect('');
    for (const name of ['names__ENV', 'names__env ', 'names__DELETE_ALL']) expect((await all.callTool({ name, arguments: {} })).isError).toBe(true);
    await all.close();
  });

  test('none of it reached the upstream; a listed call arrives exactly as sent', async () => {
    expect(await sessionCalls('names')).toEqual([]);
    expect(textOf(await client.callTool({ name: 'lookup', arguments: { word: 'x' } }))).toBe('ran lookup');
    expect(await sessionCalls('names')).toEqual([{ name: 'lookup', arguments: { word: 'x' } }]);
  });
});
