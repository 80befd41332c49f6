// Sign-in flows against a real authorization server and a real bearer-protected MCP server
// (tests/fixtures/oauth), driven the way a person's browser would drive them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UpstreamOAuth } from '../../electron/gateway/upstream/oauth/upstream-oauth.js';
import { isAuthRequired, toNeedsSignIn } from '../../electron/gateway/upstream/oauth/needs-sign-in.js';
import type { PortcullisOAuthProvider, UpstreamOAuthConfig } from '../../electron/gateway/upstream/oauth/oauth-provider.js';
import { startOAuthFixture, type OAuthFixture, type OAuthFixtureOptions } from '../fixtures/oauth/oauth-fixture.js';
import { browse, callText, connectWithAuth, type BrowserVisit } from '../fixtures/oauth/browser.js';
import { endOAuthTest } from '../helpers/oauth-teardown.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let dir: string;
let fixture: OAuthFixture | undefined;
let oauth: UpstreamOAuth;
const clients: Client[] = [];

beforeEach(async () => {
  dir = makeTempDir('portcullis-oauth-');
  oauth = new UpstreamOAuth({ dataDir: dir });
});

afterEach(async () => {
  await endOAuthTest({ clients, oauth, fixture, dir });
  fixture = undefined;
});

async function start(options: OAuthFixtureOptions = {}): Promise<OAuthFixture> {
  fixture = await startOAuthFixture(options);
  return fixture;
}

function serverFor(f: OAuthFixture, extra: { oauth?: UpstreamOAuthConfig; sse?: boolean } = {}) {
  return { id: 'remote', upstream: { transport: extra.sse ? ('sse' as const) : ('http' as const), url: extra.sse ? f.sseUrl : f.mcpUrl, headers: {}, ...(extra.oauth ? { oauth: extra.oauth } : {}) } };
}

/** Signs in, following the URL as a browser would; returns the authorization URL and the browser's visit. */
async function signInByBrowser(server: ReturnType<typeof serverFor>, options: { tamper?: (callback: URL) => void; timeoutMs?: number; follow?: boolean } = {}) {
  let authorizationUrl: URL | undefined;
  let visit: Promise<BrowserVisit> | undefined;
  const result = await oauth.signIn(server, {
    timeoutMs: options.timeoutMs ?? 10_000,
    onAuthorizationUrl: (url) => {
      authorizationUrl = url;
      // The browser works on its own while Portcullis waits for the callback.
      if (options.follow !== false) visit = browse(url, { tamper: options.tamper });
    },
  });
  return { result, authorizationUrl: authorizationUrl!, visit: await visit };
}

async function connect(server: ReturnType<typeof serverFor>): Promise<Client> {
  const client = await connectWithAuth(server.upstream.url, oauth.transportAuth(server), server.upstream.transport);
  clients.push(client);
  return client;
}

describe('sign-in with dynamic client registration (RFC 9728 via WWW-Authenticate)', () => {
  it('registers, authorizes with PKCE S256, state and resource, stores tokens 0600, and calls work', async () => {
    const f = await start();
    const server = serverFor(f);
    const { result, authorizationUrl, visit } = await signInByBrowser(server);

    const params = authorizationUrl.searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(params.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(params.get('resource')).toBe(f.mcpUrl);
    expect(params.get('scope')).toBe('mcp:read'); // from the 401's WWW-Authenticate, not scopes_supported
    expect(visit?.status).toBe(200);
    expect(visit?.text).toContain('Signed in');

    expect(f.provider.registrations).toHaveLength(1);
    expect(f.provider.registrations[0]).toMatchObject({ token_endpoint_auth_method: 'none', redirect_uris: [params.get('redirect_uri')] });
    expect(f.tokenRequests).toEqual([{ grant: 'authorization_code', method: 'none', resource: f.mcpUrl }]);
    expect(result.scope).toBe('mcp:read');
    expect(result.expiresAt!.getTime()).toBeGreaterThan(Date.now());

    const file = oauth.store.file('remote');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);

    const client = await connect(server);
    expect(await callText(client, 'whoami')).toContain('scopes mcp:read');
    expect(await oauth.status(server)).toMatchObject({ signedIn: true, renewable: true, scope: 'mcp:read' });
  });

  it('signs in again on a new loopback port with the same registration', async () => {
    const f = await start();
    const server = serverFor(f);
    const first = await signInByBrowser(server);
    const second = await signInByBrowser(server);
    expect(second.authorizationUrl.searchParams.get('redirect_uri')).not.toBe(first.authorizationUrl.searchParams.get('redirect_uri'));
    expect(f.provider.registrations).toHaveLength(1);
    expect(new Set(f.provider.authorizations.map((a) => a.clientId)).size).toBe(1);
  });

  it('asks for scopes_supported when the challenge names no scope', async () => {
    const f = await start({ challengeScope: false });
    const { authorizationUrl } = await signInByBrowser(serverFor(f));
    expect(authorizationUrl.searchParams.get('scope')).toBe('mcp:read mcp:write');
  });

  it('works over legacy SSE too', async () => {
    const f = await start();
    const server = serverFor(f, { sse: true });
    await signInByBrowser(server);
    const client = await connect(server);
    expect(await callText(client, 'whoami')).toContain('scopes mcp:read');
  });
});

describe('discovery', () => {
  for (const discovery of ['path-aware', 'root'] as const) {
    it(`finds protected resource metadata at the ${discovery} well-known URL`, async () => {
      const f = await start({ discovery });
      const server = serverFor(f);
      const { authorizationUrl } = await signInByBrowser(server);
      expect(authorizationUrl.origin).toBe(new URL(f.issuerUrl).origin);
      expect(authorizationUrl.searchParams.get('resource')).toBe(f.mcpUrl);
      expect(await callText(await connect(server), 'whoami')).toContain('client');
    });
  }

  it('2025-03-26: no resource metadata, authorization server metadata at the server root', async () => {
    const f = await start({ discovery: 'as-at-server-root' });
    const server = serverFor(f);
    const { authorizationUrl } = await signInByBrowser(server);
    expect(authorizationUrl.origin).toBe(new URL(f.mcpUrl).origin);
    expect(authorizationUrl.searchParams.has('resource')).toBe(false);
    expect(f.provider.registrations).toHaveLength(1);
    expect(await callText(await connect(server), 'whoami')).toContain('client');
  });

  it('2025-03-26: no metadata at all, default /authorize /token /register endpoints', async () => {
    const f = await start({ discovery: 'no-metadata', challengeScope: false });
    const server = serverFor(f);
    const { authorizationUrl } = await signInByBrowser(server);
    expect(authorizationUrl.href.startsWith(`${new URL(f.mcpUrl).origin}/authorize?`)).toBe(true);
    expect(authorizationUrl.searchParams.has('scope')).toBe(false);
    expect(f.provider.registrations).toHaveLength(1);
    expect(f.tokenRequests.map((r) => r.grant)).toEqual(['authorization_code']);
    expect(await callText(await connect(server), 'whoami')).toContain('client');
  });
});

describe('client identity', () => {
  for (const method of ['client_secret_basic', 'client_secret_post'] as const) {
    it(`uses a pre-registered client with ${method}, for the code and for refreshes`, async () => {
      const f = await start({ tokenAuthMethods: [method], preRegistered: { clientId: 'portcullis-test', clientSecret: 's3cret-value' }, dynamicRegistration: false });
      const server = serverFor(f, { oauth: { clientId: 'portcullis-test' } });
      await oauth.store.update('remote', f.mcpUrl, (record) => (record.clientSecret = 's3cret-value'));
      const { authorizationUrl } = await signInByBrowser(server);
      expect(authorizationUrl.searchParams.get('client_id')).toBe('portcullis-test');
      await (oauth.transportAuth(server)!.authProvider as PortcullisOAuthProvider).refresh();
      expect(f.tokenRequests.map((r) => [r.grant, r.method])).toEqual([
        ['authorization_code', method],
        ['refresh_token', method],
      ]);
      expect(f.provider.registrations).toHaveLength(0);
      expect(await callText(await connect(server), 'whoami')).toContain('client portcullis-test');
    });
  }

  it('a wrong pre-registered secret fails the sign-in with the server\'s reason', async () => {
    const f = await start({ tokenAuthMethods: ['client_secret_post'], preRegistered: { clientId: 'portcullis-test', clientSecret: 'right' }, dynamicRegistration: false });
    const server = serverFor(f, { oauth: { clientId: 'portcullis-test' } });
    await oauth.store.update('remote', f.mcpUrl, (record) => (record.clientSecret = 'wrong'));
    await expect(signInByBrowser(server)).rejects.toThrow(/sign-in to 'remote' failed: .*invalid_client/i);
    expect((await oauth.status(server))!.signedIn).toBe(false);
  });

  it('uses a client ID metadata document URL where the server supports it, instead of registering', async () => {
    const f = await start({ clientIdMetadataDocuments: true });
    const metadataUrl = 'https://portcullis.example/oauth/client.json';
    const server = serverFor(f, { oauth: { clientMetadataUrl: metadataUrl } });
    const { authorizationUrl } = await signInByBrowser(server);
    expect(authorizationUrl.searchParams.get('client_id')).toBe(metadataUrl);
    expect(f.provider.registrations).toHaveLength(0);
    expect(await callText(await connect(server), 'whoami')).toContain(`client ${metadataUrl}`);
  });
});

describe('refusals', () => {
  it('refuses protected resource metadata that names another resource', async () => {
    const f = await start({ metadataResource: 'https://elsewhere.example/mcp' });
    const server = serverFor(f);
    await expect(signInByBrowser(server)).rejects.toThrow(/sign-in to 'remote' failed: Protected resource https:\/\/elsewhere\.example\/mcp does not match/);
    expect(f.provider.authorizations).toHaveLength(0);
    expect((await oauth.status(server))!.signedIn).toBe(false);
  });

  it('refuses a callback with a wrong state, and exchanges no code', async () => {
    const f = await start();
    const server = serverFor(f);
    let visit: Promise<BrowserVisit> | undefined;
    const attempt = oauth.signIn(server, {
      timeoutMs: 10_000,
      onAuthorizationUrl: (url) => {
        visit = browse(url, { tamper: (callback) => callback.searchParams.set('state', 'forged') });
      },
    });
    await expect(attempt).rejects.toThrow(/wrong state/);
    expect((await visit)?.status).toBe(400);
    expect(f.provider.authorizations).toHaveLength(1);
    expect(f.tokenRequests).toHaveLength(0);
    expect((await oauth.status(server))!.signedIn).toBe(false);
  });

  it('times out when nobody finishes the sign-in, and closes the loopback listener', async () => {
    const f = await start();
    const server = serverFor(f);
    let redirectUri = '';
    // The sign-in's own timeout ended it (its message), then the listener is checked closed.
    await expect(
      oauth.signIn(server, { timeoutMs: 300, onAuthorizationUrl: (url) => void (redirectUri = url.searchParams.get('redirect_uri')!) }),
    ).rejects.toThrow(/sign-in to 'remote' timed out: no sign-in came back within 0 s .*portcullis server login remote/);
    await expect(fetch(redirectUri)).rejects.toThrow();
  });

  it('says a server that lets anyone in needs no sign-in', async () => {
    const f = await start();
    // The authorization server's own origin serves no MCP endpoint: it answers 404, not 401.
    const server = { id: 'remote', upstream: { transport: 'http' as const, url: `${f.issuerUrl}mcp`, headers: {} } };
    await expect(oauth.signIn(server, { onAuthorizationUrl: () => undefined })).rejects.toThrow(/did not ask for a sign-in \(it answered initialize with HTTP 404/);
  });
});

describe('sign-out and the signed-out gateway', () => {
  it('logout forgets the tokens; the gateway then reports "needs sign-in" without registering or redirecting', async () => {
    const f = await start();
    const server = serverFor(f);
    await signInByBrowser(server);
    expect(await oauth.signOut('remote')).toBe(true);
    expect(await oauth.signOut('remote')).toBe(false);
    expect(await oauth.status(server)).toMatchObject({ signedIn: false });

    const error = await connect(server).catch((e: unknown) => e);
    expect(isAuthRequired(error)).toBe(true);
    expect(toNeedsSignIn(error, 'remote')!.message).toContain('sign in to remote in Portcullis (portcullis server login remote)');
    expect(f.provider.registrations).toHaveLength(1);
    expect(f.provider.authorizations).toHaveLength(1);
  });

  it('a server never signed in to: needs sign-in, and no client is registered behind the person\'s back', async () => {
    const f = await start();
    const server = serverFor(f);
    const seen: string[] = [];
    const watched = new UpstreamOAuth({ dataDir: dir, onNeedsSignIn: (e) => seen.push(e.message) });
    const error = await connectWithAuth(server.upstream.url, watched.transportAuth(server)).catch((e: unknown) => e);
    expect(isAuthRequired(error)).toBe(true);
    expect(seen[0]).toBe('Upstream server \'remote\' needs a sign-in (scope "mcp:read"): sign in to remote in Portcullis (portcullis server login remote)');
    expect(f.provider.registrations).toHaveLength(0);
    expect(f.provider.authorizations).toHaveLength(0);
  });
});
