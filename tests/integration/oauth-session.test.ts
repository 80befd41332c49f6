// Tokens over a connection's life: refresh before expiry and on a 401, a new sign-in only
// when refresh fails, step-up on 403 insufficient_scope, and the same upstream session
// carrying on after a sign-in, without reconnecting.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UpstreamOAuth } from '../../electron/gateway/upstream/oauth/upstream-oauth.js';
import { isAuthRequired, needsSignInToolResult, toNeedsSignIn, type NeedsSignInError } from '../../electron/gateway/upstream/oauth/needs-sign-in.js';
import { startOAuthFixture, type OAuthFixture, type OAuthFixtureOptions } from '../fixtures/oauth/oauth-fixture.js';
import { browse, callText, connectWithAuth } from '../fixtures/oauth/browser.js';
import { endOAuthTest } from '../helpers/oauth-teardown.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let dir: string;
let fixture: OAuthFixture | undefined;
let oauth: UpstreamOAuth;
let needed: NeedsSignInError[];
const clients: Client[] = [];

beforeEach(async () => {
  dir = makeTempDir('portcullis-oauth-');
  needed = [];
  oauth = new UpstreamOAuth({ dataDir: dir, onNeedsSignIn: (error) => needed.push(error) });
});

afterEach(async () => {
  await endOAuthTest({ clients, oauth, fixture, dir });
  fixture = undefined;
});

async function signedInClient(options: OAuthFixtureOptions = {}) {
  const f = (fixture = await startOAuthFixture(options));
  const server = { id: 'remote', upstream: { transport: 'http' as const, url: f.mcpUrl, headers: {} } };
  await signIn(server);
  const client = await connectWithAuth(f.mcpUrl, oauth.transportAuth(server));
  clients.push(client);
  // From here on: what the connection did (the sign-in's own probe answered 401 too).
  const fromConnect = f.mcpStatuses.length;
  return { f, server, client, statuses: () => f.mcpStatuses.slice(fromConnect) };
}

function signIn(server: { id: string; upstream: { transport: 'http'; url: string; headers: Record<string, string> } }) {
  // A separate sign-in (as `portcullis server login` would be), not the connection's provider.
  return new UpstreamOAuth({ dataDir: dir }).signIn(server, { timeoutMs: 10_000, onAuthorizationUrl: (url) => void browse(url) });
}

const grants = (f: OAuthFixture) => f.tokenRequests.map((r) => r.grant);
const count = (list: number[], status: number) => list.filter((s) => s === status).length;

describe('refresh', () => {
  it('refreshes an access token that is about to expire before using it, with no 401', async () => {
    const { f, client, statuses } = await signedInClient({ accessTokenTtlSeconds: 1 });
    expect(await callText(client, 'whoami')).toContain('client');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await callText(client, 'whoami')).toContain('client');
    // A loaded machine may take longer than the 1 s lifetime between two calls, and refresh again: what counts is that no 401 came.
    expect(grants(f)).toEqual(['authorization_code', ...grants(f).slice(1).map(() => 'refresh_token')]);
    expect(grants(f).length).toBeGreaterThan(1);
    expect(count(statuses(), 401)).toBe(0);
    expect(needed).toEqual([]);
  });

  it('refreshes on a 401 for a token the server no longer accepts', async () => {
    const { f, client, statuses } = await signedInClient();
    f.provider.revokeAccessTokens();
    expect(await callText(client, 'whoami')).toContain('client');
    expect(count(statuses(), 401)).toBe(1);
    expect(grants(f)).toEqual(['authorization_code', 'refresh_token']);
    expect(needed).toEqual([]);
  });

  it('shares one refresh between concurrent requests', async () => {
    const { f, client } = await signedInClient({ accessTokenTtlSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const texts = await Promise.all([1, 2, 3, 4].map(() => callText(client, 'whoami')));
    expect(texts.every((t) => t.includes('client'))).toBe(true);
    expect(grants(f).filter((g) => g === 'refresh_token')).toHaveLength(1);
  });
});

describe('when a person must act', () => {
  it('asks for a new sign-in only when the refresh fails; after it the same session works, without reconnecting', async () => {
    const { f, server, client } = await signedInClient();
    expect(await callText(client, 'whoami')).toContain('client');
    f.provider.revokeAccessTokens();
    f.provider.revokeRefreshTokens();

    const error = await client.callTool({ name: 'whoami', arguments: {} }).catch((e: unknown) => e);
    expect(isAuthRequired(error)).toBe(true);
    const signInError = toNeedsSignIn(error, 'remote')!;
    expect(signInError.reason).toBe('expired');
    expect(needsSignInToolResult(signInError)).toEqual({
      isError: true,
      content: [{ type: 'text', text: "The sign-in to upstream server 'remote' has expired and could not be renewed: sign in to remote in Portcullis (portcullis server login remote)" }],
    });
    expect(needed.map((e) => e.reason)).toContain('expired');
    expect(grants(f)).toEqual(['authorization_code', 'refresh_token']);
    expect((await oauth.status(server))!.signedIn).toBe(false);

    const signedIn = new Promise<void>((resolve) => oauth.onSignedIn('remote', resolve));
    await signIn(server);
    await signedIn; // another "process" stored tokens: the gateway hears of it
    expect(await callText(client, 'whoami')).toContain('client');
    expect(f.sessionsOpened).toBe(1);
  });

  it('steps up on 403 insufficient_scope: the next sign-in asks for the larger scope, and the same session then works', async () => {
    const { f, server, client, statuses } = await signedInClient();
    expect(f.provider.authorizations[0]!.scopes).toEqual(['mcp:read']);

    const error = await client.callTool({ name: 'write_note', arguments: { text: 'hi' } }).catch((e: unknown) => e);
    const signInError = toNeedsSignIn(error, 'remote')!;
    expect(signInError).toMatchObject({ reason: 'more-scope', scope: 'mcp:read mcp:write' });
    expect(signInError.message).toBe("Upstream server 'remote' needs more permission (scope \"mcp:read mcp:write\"): sign in to remote in Portcullis (portcullis server login remote)");
    expect(count(statuses(), 403)).toBe(1);
    expect(grants(f)).toEqual(['authorization_code']); // a refresh cannot widen scope: none was tried
    expect(await oauth.status(server)).toMatchObject({ signedIn: true, scope: 'mcp:read', pendingScope: 'mcp:read mcp:write' });
    expect(await callText(client, 'whoami')).toContain('scopes mcp:read'); // the read scope still works meanwhile

    await signIn(server);
    expect(f.provider.authorizations[1]!.scopes).toEqual(['mcp:read', 'mcp:write']);
    expect(await callText(client, 'write_note', { text: 'hi' })).toBe('written: hi');
    expect(await oauth.status(server)).toMatchObject({ scope: 'mcp:read mcp:write' });
    expect((await oauth.status(server))!.pendingScope).toBeUndefined();
    expect(f.sessionsOpened).toBe(1);
  });

  it('step-up is bounded: when the larger scope is not granted, each call fails once, without loops', async () => {
    const { f, server, client, statuses } = await signedInClient({ grantableScopes: ['mcp:read'] });
    await expect(client.callTool({ name: 'write_note', arguments: { text: 'a' } })).rejects.toSatisfy(isAuthRequired);
    const result = await signIn(server);
    expect(result.missingScopes).toEqual(['mcp:write']);
    const error = await client.callTool({ name: 'write_note', arguments: { text: 'b' } }).catch((e: unknown) => e);
    expect(toNeedsSignIn(error, 'remote')!.reason).toBe('more-scope');
    expect(count(statuses(), 403)).toBe(2);
    expect(f.provider.authorizations).toHaveLength(2); // only the two sign-ins a person started
  });
});
