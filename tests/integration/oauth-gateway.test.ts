// A remote server that needs sign-in, behind the real gateway: status `needs-sign-in`, a
// clear error instead of a raw 401, and after sign-in the same downstream session works
// again without reconnecting. Tokens never reach the client, the call log or config.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { waitFor } from '../helpers/wait-for.js';
import { startOAuthFixture, type OAuthFixture } from '../fixtures/oauth/oauth-fixture.js';
import { browse } from '../fixtures/oauth/browser.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

let fixture: OAuthFixture;
let app: TestApp;
let token: string;
beforeAll(async () => {
  fixture = await startOAuthFixture();
  app = await startTestApp({
    superviseUpstreams: true,
    servers: { remote: { transport: 'http', url: fixture.mcpUrl, headers: {} } },
    policies: { remote: { version: '1', default: 'allow' } },
  });
  token = await app.grant('agent');
});
afterAll(async () => {
  await app?.stop();
  await fixture?.close();
});

const status = async () => (await app.api.listServers({})).find((s) => s.config.id === 'remote')!.status;
const signIn = () =>
  app.app.gateway.oauth.signIn(app.app.gateway.config.server('remote')!, { timeoutMs: 10_000, onAuthorizationUrl: (url) => void browse(url) });

test('before sign-in: status needs-sign-in; a session opens anyway, lists no tools and is told to sign in; after sign-in the same session gets the tools', async () => {
  await waitFor(async () => (await status()).state === 'needs-sign-in', { what: 'needs-sign-in' });
  expect((await status()).lastError).toMatch(/sign in to remote in Portcullis/);
  const client = await connectHttpClient(app.endpoint('remote'), { Authorization: `Bearer ${token}` });
  let listChanged = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    listChanged++;
  });
  expect((await client.listTools()).tools).toEqual([]);
  const refused = await client.callTool({ name: 'whoami', arguments: {} });
  expect(refused.isError).toBe(true);
  expect(textOf(refused)).toMatch(/sign in to remote in Portcullis \(portcullis server login remote\)/);

  await signIn();
  await waitFor(() => listChanged > 0, { what: 'tools/list_changed after the sign-in' });
  expect((await client.listTools()).tools.map((t) => t.name)).toContain('whoami');
  expect(textOf(await client.callTool({ name: 'whoami', arguments: {} }))).toContain('client');
  await client.close();
});

test('after sign-in the server is ready; when the tokens die, calls get a sign-in tool error; a new sign-in revives the same session', async () => {
  await signIn();
  await waitFor(async () => (await status()).state === 'ready', { what: 'ready after sign-in' });
  const client = await connectHttpClient(app.endpoint('remote'), { Authorization: `Bearer ${token}` });
  expect(textOf(await client.callTool({ name: 'whoami', arguments: {} }))).toContain('client');
  const sessions = fixture.sessionsOpened;

  fixture.provider.revokeAccessTokens();
  fixture.provider.revokeRefreshTokens();
  const refused = await client.callTool({ name: 'whoami', arguments: {} });
  expect(refused.isError).toBe(true);
  expect(textOf(refused)).toMatch(/sign in to remote in Portcullis \(portcullis server login remote\)/);

  await signIn();
  expect(textOf(await client.callTool({ name: 'whoami', arguments: {} }))).toContain('client');
  expect(fixture.sessionsOpened).toBe(sessions); // the same upstream session carried on

  // Tokens live only in the protected store: not in config, the call log or any Api answer.
  const stored = await app.app.gateway.oauth.store.read('remote', fixture.mcpUrl);
  const values = [stored?.tokens?.access_token, stored?.tokens?.refresh_token].filter((v): v is string => typeof v === 'string');
  expect(values.length).toBeGreaterThan(0);
  await app.app.calls.flush();
  const haystack = [
    await readFile(path.join(app.dataDir, 'config.json'), 'utf8'),
    ...(await Promise.all((await readdir(path.join(app.dataDir, 'logs'))).map((f) => readFile(path.join(app.dataDir, 'logs', f), 'utf8')))),
    JSON.stringify(await app.api.queryCalls({ limit: 100 })),
    JSON.stringify(await app.api.listServers({})),
  ].join('\n');
  for (const value of values) expect(haystack).not.toContain(value);
  await client.close();
});

test('the Api: sign out, then sign in again from a UI (the returned URL finished in a browser); no token in any answer', async () => {
  await app.api.signOutServer({ id: 'remote' });
  const signedIn = async () => (await app.api.listServers({})).find((s) => s.config.id === 'remote')!.signIn?.signedIn;
  expect(await signedIn()).toBe(false);
  const { authorizationUrl } = await app.api.signInServer({ id: 'remote' });
  expect(authorizationUrl).toMatch(/code_challenge_method=S256/);
  await browse(authorizationUrl);
  await waitFor(async () => (await signedIn()) === true, { what: 'the sign-in to finish' });
  const stored = await app.app.gateway.oauth.store.read('remote', fixture.mcpUrl);
  expect(JSON.stringify(await app.api.listServers({}))).not.toContain(stored.tokens!.access_token);
  await expect(app.api.signInServer({ id: 'nope' })).rejects.toThrow(/no server named 'nope'/);
});
