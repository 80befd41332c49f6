// Session taint through the real gateway: on the aggregate /mcp endpoint a session that read
// open-world content (a fetch-like tool on one server) has its send-like tool on another server
// held for approval, with the reason; another session that did not read is not held.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { waitFor } from '../helpers/wait-for.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const MUTABLE = path.resolve('tests/fixtures/servers/mutable-server.mjs');
const WEB_TOOLS = [
  { name: 'fetch', description: 'Fetch a web page and return its text.', inputSchema: { type: 'object', properties: { url: { type: 'string' } } }, annotations: { readOnlyHint: true, openWorldHint: true } },
];
const MAIL_TOOLS = [
  { name: 'send_email', description: 'Send an e-mail.', inputSchema: { type: 'object', properties: { to: { type: 'string' }, body: { type: 'string' } } }, annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true } },
  { name: 'list_drafts', description: 'List the drafts.', inputSchema: { type: 'object', properties: {} }, annotations: { readOnlyHint: true, openWorldHint: false } },
];
const REASON = 'This session read web content; sending e-mail now needs approval.';
const MAIL_POLICY = {
  version: '1',
  default: 'allow',
  taint: [{ after: { open_world_read: true }, then: { tools: ['send_email'] }, action: 'approve', reason: REASON, approval: { timeout_s: 30 } }],
};

let tmp: string;
let app: TestApp;
let token: string;
const clients: Client[] = [];
const aggregate = () => `${app.app.gateway.url}/mcp`;
const connect = async (url: string, name: string) => {
  const client = await connectHttpClient(url, { Authorization: `Bearer ${token}` }, name);
  clients.push(client);
  return client;
};

beforeAll(async () => {
  tmp = makeTempDir('portcullis-taint-');
  const server = async (id: string, tools: unknown) => {
    const file = path.join(tmp, `${id}.json`);
    await writeFile(file, JSON.stringify(tools));
    return { transport: 'stdio' as const, command: process.execPath, args: [MUTABLE], env: { TOOLS_FILE: file } };
  };
  app = await startTestApp({
    superviseUpstreams: true,
    servers: { web: await server('web', WEB_TOOLS), mail: await server('mail', MAIL_TOOLS) },
    policies: { web: { version: '1', default: 'allow' }, mail: MAIL_POLICY },
  });
  const catalogued = async () => (await app.api.listCatalog({ serverId: 'web' })).length + (await app.api.listCatalog({ serverId: 'mail' })).length;
  await waitFor(async () => (await catalogued()) === 3, { timeout: 15_000, what: 'both catalogs' });
  token = await app.grant('agent');
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await app?.stop();
  await rm(tmp, { recursive: true, force: true });
});

describe('session taint on the aggregate endpoint', () => {
  test('a read of web content, then a send in the same session: held, with the reason; the person decides', async () => {
    const reader = await connect(aggregate(), 'reader');
    const names = (await reader.listTools()).tools.map((t) => t.name);
    const fetchName = names.find((n) => n.endsWith('fetch'))!;
    const sendName = names.find((n) => n.endsWith('send_email'))!;
    // Before any read, sending is allowed.
    expect(textOf(await reader.callTool({ name: sendName, arguments: { to: 'a@example.org', body: 'first' } }))).toBe('ok: send_email');
    expect(textOf(await reader.callTool({ name: fetchName, arguments: { url: 'https://example.org' } }))).toBe('ok: fetch');

    const held = reader.callTool({ name: sendName, arguments: { to: 'a@example.org', body: 'second' } });
    await waitFor(async () => (await app.api.listApprovals({})).length === 1, { what: 'the approval request' });
    const [request] = await app.api.listApprovals({});
    expect(request).toMatchObject({ server: 'mail', tool: 'send_email', rule: 'taint[0]' });
    expect(request!.why).toContain(REASON);
    expect(request!.why).toMatch(/this session called 'fetch' on 'web' at \d\d:\d\d:\d\d UTC/);
    // The window can show what the session did.
    const taint = await app.api.sessionTaint({ session: request!.session });
    expect(taint.marks.map((m) => `${m.server}/${m.tool}`)).toEqual(['mail/send_email', 'web/fetch']);
    expect(taint.marks.find((m) => m.tool === 'fetch')).toMatchObject({ openWorldRead: true });

    await app.api.decideApproval({ id: request!.id, decision: { action: 'deny', reason: 'not after reading the web' } });
    const result = await held;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('not after reading the web');
    // A tool the rule does not name is not held.
    expect(textOf(await reader.callTool({ name: names.find((n) => n.endsWith('list_drafts'))!, arguments: {} }))).toBe('ok: list_drafts');

    const { records } = await app.api.queryCalls({ tool: 'send_email' });
    expect(records.find((r) => r.approval?.outcome === 'denied')).toMatchObject({ rule: 'taint[0]', decision: 'approve' });
  });

  test('another session that did not read sends without being asked', async () => {
    const other = await connect(aggregate(), 'other');
    const sendName = (await other.listTools()).tools.map((t) => t.name).find((n) => n.endsWith('send_email'))!;
    expect(textOf(await other.callTool({ name: sendName, arguments: { to: 'b@example.org', body: 'hi' } }))).toBe('ok: send_email');
    expect(await app.api.listApprovals({})).toEqual([]);
  });

  test("on a server's own endpoint a session reaches one server: a read elsewhere in another session does not taint it", async () => {
    const web = await connect(app.endpoint('web'), 'web-only');
    expect(textOf(await web.callTool({ name: 'fetch', arguments: { url: 'https://example.org' } }))).toBe('ok: fetch');
    const mail = await connect(app.endpoint('mail'), 'mail-only');
    expect(textOf(await mail.callTool({ name: 'send_email', arguments: { to: 'c@example.org', body: 'hi' } }))).toBe('ok: send_email');
    expect(await app.api.listApprovals({})).toEqual([]);
  });
});
