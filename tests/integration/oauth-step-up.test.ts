// Sign-in on demand, through the real gateway: a remote server that lets anyone initialize
// and asks for a token only on tools/list and tools/call (401), then for more scope on one
// tool (403 insufficient_scope). The server shows `needs-sign-in` with the scope asked for,
// `portcullis server login` obtains it (the union of the scopes asked for), calls then work,
// and a server that keeps refusing a scope sign-ins asked for stops being signed in to.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { Command } from 'commander';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { addLoginCommands } from '../../electron/cli/commands/server-login.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { waitFor } from '../helpers/wait-for.js';
import { startOAuthFixture, type OAuthFixture, type OAuthFixtureOptions } from '../fixtures/oauth/oauth-fixture.js';
import { browse } from '../fixtures/oauth/browser.js';

let fixture: OAuthFixture | undefined;
let app: TestApp | undefined;
let client: Client | undefined;
let stdout: string;

beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await client?.close().catch(() => undefined);
  await app?.stop();
  await fixture?.close();
  client = app = fixture = undefined;
});

async function start(options: OAuthFixtureOptions) {
  const f = (fixture = await startOAuthFixture({ anonymousInitialize: true, ...options }));
  const a = (app = await startTestApp({
    superviseUpstreams: true,
    servers: { remote: { transport: 'http', url: f.mcpUrl, headers: {} } },
    policies: { remote: { version: '1', default: 'allow' } },
  }));
  const c = (client = await connectHttpClient(a.endpoint('remote'), { Authorization: `Bearer ${await a.grant('agent')}` }));
  let listChanged = 0;
  c.setNotificationHandler(ToolListChangedNotificationSchema, () => void listChanged++);
  return { f, a, c, listChanged: () => listChanged };
}

const view = async () => (await app!.api.listServers({})).find((s) => s.config.id === 'remote')!;

/** `portcullis server login remote --no-browser` in this process, the printed URL followed as a browser would. */
async function login(): Promise<void> {
  const server = new Command('server').exitOverride();
  addLoginCommands(server);
  for (const command of server.commands) command.exitOverride();
  const from = stdout.length;
  const done = server.parseAsync(['login', 'remote', '--no-browser', '--timeout', '10', '--data-dir', app!.dataDir], { from: 'user' });
  let url: string | undefined;
  await waitFor(() => (url = /Open this URL to sign in: (\S+)/.exec(stdout.slice(from))?.[1]) !== undefined, { what: 'the sign-in URL' });
  await browse(url!);
  await done;
}

test('sign-in on demand: initialize passes anonymously, tools/list asks; needs-sign-in names the scope, server login gets it, the same session then works', async () => {
  const { f, c, listChanged } = await start({});
  await waitFor(async () => (await view()).status.state === 'needs-sign-in', { what: 'needs-sign-in' });
  await waitFor(async () => (await view()).signIn?.pendingScope !== undefined, { what: 'the scope asked for to be kept' });
  const before = await view();
  expect(before.status.lastError).toBe(`Upstream server 'remote' needs a sign-in (scope "mcp:read"): sign in to remote in Portcullis (portcullis server login remote)`);
  expect(before.signIn).toMatchObject({ signedIn: false, pendingScope: 'mcp:read' });
  expect((await c.listTools()).tools).toEqual([]);
  const refused = await c.callTool({ name: 'whoami', arguments: {} });
  expect(refused.isError).toBe(true);
  expect(textOf(refused)).toContain('needs a sign-in (scope "mcp:read")');

  await login();
  expect(f.provider.authorizations.map((a) => a.scopes)).toEqual([['mcp:read']]);
  await waitFor(async () => (await view()).status.state === 'ready', { what: 'ready after the sign-in' });
  // The catalog connection listed again; the client was told to list again.
  expect((await app!.api.listCatalog({ serverId: 'remote' })).map((t) => t.name)).toEqual(expect.arrayContaining(['whoami', 'write_note']));
  await waitFor(() => listChanged() > 0, { what: 'tools/list_changed after the sign-in' });
  expect((await c.listTools()).tools.map((t) => t.name)).toContain('whoami');
  expect(textOf(await c.callTool({ name: 'whoami', arguments: {} }))).toContain('scopes mcp:read');
  expect((await view()).signIn?.pendingScope).toBeUndefined();
});

test('step-up on tools/call: a 403 insufficient_scope shows needs-sign-in with the union of the scopes asked for; server login asks for it; the call then works', async () => {
  const { f, c } = await start({});
  await waitFor(async () => (await view()).status.state === 'needs-sign-in', { what: 'needs-sign-in' });
  await login();
  await waitFor(async () => (await view()).status.state === 'ready', { what: 'ready after the first sign-in' });

  const refused = await c.callTool({ name: 'write_note', arguments: { text: 'hi' } });
  expect(refused.isError).toBe(true);
  const expected = `Upstream server 'remote' needs more permission (scope "mcp:read mcp:write"): sign in to remote in Portcullis (portcullis server login remote)`;
  expect(textOf(refused)).toBe(expected);
  expect((await view()).status).toMatchObject({ state: 'needs-sign-in', lastError: expected });
  expect((await view()).signIn).toMatchObject({ signedIn: true, pendingScope: 'mcp:read mcp:write' });
  expect(textOf(await c.callTool({ name: 'whoami', arguments: {} }))).toContain('scopes mcp:read'); // the read scope still works meanwhile

  await login();
  expect(f.provider.authorizations.map((a) => a.scopes)).toEqual([['mcp:read'], ['mcp:read', 'mcp:write']]);
  await waitFor(async () => (await view()).status.state === 'ready', { what: 'ready after the step-up' });
  expect(textOf(await c.callTool({ name: 'write_note', arguments: { text: 'hi' } }))).toBe('written: hi');
});

test('escalation is bounded: a server that keeps refusing a scope the sign-ins asked for gets a clear error, and no more sign-in requests', async () => {
  const { f, c } = await start({ alwaysRefuseWrite: true });
  await waitFor(async () => (await view()).status.state === 'needs-sign-in', { what: 'needs-sign-in' });
  await login(); // mcp:read, on demand
  await waitFor(async () => (await view()).status.state === 'ready', { what: 'ready after the first sign-in' });

  // The automaton a person (or a script) would be: sign in whenever the gateway says so, at most 5 times.
  let signIns = 1;
  let last = '';
  for (let round = 0; round < 5; round++) {
    const result = await c.callTool({ name: 'write_note', arguments: { text: 'x' } });
    expect(result.isError).toBe(true);
    last = textOf(result);
    if ((await view()).status.state !== 'needs-sign-in') break;
    await login();
    signIns++;
  }
  expect(signIns).toBe(3); // the first, and two step-ups that asked for mcp:write and were refused anyway
  expect(f.provider.authorizations.map((a) => a.scopes)).toEqual([['mcp:read'], ['mcp:read', 'mcp:write'], ['mcp:read', 'mcp:write']]);
  expect(last).toBe(
    `Upstream server 'remote' still refuses with insufficient_scope (scope "mcp:write") after 2 sign-ins that asked for it, so Portcullis stops asking: ` +
      'signing in again will not help until the account is given that permission (then: portcullis server login remote)',
  );
  expect((await view()).status).toMatchObject({ state: 'failed', lastError: last });

  // Further calls fail at once with the same error, and start nothing.
  const statuses = f.mcpStatuses.length;
  expect(textOf(await c.callTool({ name: 'write_note', arguments: { text: 'y' } }))).toBe(last);
  // One refusal from the upstream for this call (a background request of the session, e.g. its
  // stream, may also reach the server meanwhile: only refusals are counted).
  expect(f.mcpStatuses.slice(statuses).filter((status) => status !== 200)).toEqual([403]);
  expect(f.provider.authorizations).toHaveLength(3);
  expect(textOf(await c.callTool({ name: 'whoami', arguments: {} }))).toContain('scopes mcp:read mcp:write'); // what is allowed still works
});
