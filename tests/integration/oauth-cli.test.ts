// The headless sign-in: `portcullis server login <id> --no-browser` prints the URL, a
// "browser" (fetch) follows it to the loopback callback, the command finishes once tokens
// are stored. And the tokens are found nowhere but in the protected token store.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import path from 'node:path';
import { Command } from 'commander';
import { ConfigStore } from '../../electron/gateway/store/config-store.js';
import { addServer } from '../../electron/gateway/config/servers.js';
import type { UpstreamConfig } from '../../shared/config.js';
import { addLoginCommands, afterServerAdded, oauthConfigFromOptions } from '../../electron/cli/commands/server-login.js';
import { serverCommand } from '../../electron/cli/commands/server.js';
import { UpstreamOAuth } from '../../electron/gateway/upstream/oauth/upstream-oauth.js';
import { needsSignInToolResult, toNeedsSignIn } from '../../electron/gateway/upstream/oauth/needs-sign-in.js';
import { SEALED_PREFIX, type SecretBox } from '../../electron/gateway/store/secret-box.js';
import { startOAuthFixture, type OAuthFixture } from '../fixtures/oauth/oauth-fixture.js';
import { browse, callText, connectWithAuth } from '../fixtures/oauth/browser.js';
import { waitFor } from '../helpers/wait-for.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let dir: string;
let fixture: OAuthFixture | undefined;
let output: { stdout: string; stderr: string; console: string };

beforeEach(async () => {
  dir = makeTempDir('portcullis-oauth-cli-');
  output = { stdout: '', stderr: '', console: '' };
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((output.stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((output.stderr += String(chunk)), true));
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void (output.console += args.map(String).join(' ') + '\n'));
  }
});

afterEach(async () => {
  vi.restoreAllMocks();
  await fixture?.close();
  fixture = undefined;
  // A transport may still be finishing a refresh it started before close(): let it land, then retry on ENOTEMPTY.
  await new Promise((resolve) => setTimeout(resolve, 50));
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
});

/** `portcullis server …` in this process, as bin/portcullis.js would run it once server.ts registers the commands. */
function runServerCommand(args: string[]): Promise<unknown> {
  const server = new Command('server').exitOverride();
  addLoginCommands(server);
  for (const command of server.commands) command.exitOverride();
  return server.parseAsync([...args, '--data-dir', dir], { from: 'user' });
}

async function addRemote(url: string, extra: Partial<{ oauth: { clientId: string } }> = {}): Promise<UpstreamConfig> {
  const upstream = { transport: 'http', url, headers: {}, ...extra } as UpstreamConfig;
  const store = await ConfigStore.open(dir);
  await addServer(store, 'remote', upstream);
  store.close();
  return upstream;
}

async function waitForLine(pattern: RegExp): Promise<RegExpExecArray> {
  let match: RegExpExecArray | null = null;
  await waitFor(() => (match = pattern.exec(output.stdout)) !== null, { what: `a line matching ${pattern} on stdout` });
  return match!;
}

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Data-directory files (relative paths) that contain any of the secrets. */
async function filesContaining(secrets: string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await filesUnder(dir)) {
    const text = await readFile(file, 'latin1');
    if (secrets.some((s) => text.includes(s))) hits.push(path.relative(dir, file));
  }
  return hits;
}

describe('portcullis server login / logout', () => {
  it('prints the URL on a line of its own, finishes when the browser comes back, and keeps the tokens nowhere but the token store', async () => {
    const f = (fixture = await startOAuthFixture({ accessTokenTtlSeconds: 1 }));
    const upstream = await addRemote(f.mcpUrl);
    await afterServerAdded('remote', upstream);
    expect(output.stderr).toContain("Server 'remote' needs a sign-in: run  portcullis server login remote");

    const login = runServerCommand(['login', 'remote', '--no-browser']);
    const [, url] = await waitForLine(/^Open this URL to sign in: (\S+)$/m);
    const visit = await browse(url!);
    expect(visit.status).toBe(200);
    await expect(login).resolves.toBeDefined();
    expect(output.stderr).toMatch(/Signed in to 'remote' \(scope "mcp:read"\), expires \d{4}-/);
    expect(output.stderr).toContain('readable only by you (mode 0600) but not encrypted');

    // The gateway's side: calls through the provider-enabled transport, a refresh, the status the Api shows.
    const gateway = new UpstreamOAuth({ dataDir: dir });
    const server = { id: 'remote', upstream };
    const client = await connectWithAuth(f.mcpUrl, gateway.transportAuth(server));
    expect(await callText(client, 'whoami')).toContain('mcp:read');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await callText(client, 'whoami')).toContain('mcp:read');
    const apiStatus = JSON.stringify(await gateway.status(server));

    const tokens = [...f.provider.issued];
    // A loaded machine may take longer than the 1 s lifetime between two calls, and refresh once more.
    const grants = f.tokenRequests.map((r) => r.grant);
    expect(grants).toEqual(['authorization_code', ...grants.slice(1).map(() => 'refresh_token')]);
    expect(grants.length).toBeGreaterThan(1);
    expect(tokens).toHaveLength(2 * grants.length);
    expect(await filesContaining(tokens)).toEqual([path.join('oauth', 'remote.json')]);

    await runServerCommand(['logout', 'remote']);
    expect(output.stderr).toContain("Signed out of 'remote': its tokens are forgotten.");
    expect(await filesContaining(tokens)).toEqual([]);
    expect(await gateway.status(server)).toMatchObject({ signedIn: false });
    // The same connection now gets the sign-in message, not a raw 401.
    const failure = await client.callTool({ name: 'whoami', arguments: {} }).catch((e: unknown) => e);
    const toolError = JSON.stringify(needsSignInToolResult(toNeedsSignIn(failure, 'remote')!));
    expect(toolError).toContain('sign in to remote in Portcullis (portcullis server login remote)');
    await client.close();

    const everythingShown = [output.stdout, output.stderr, output.console, apiStatus, toolError, (failure as Error).message, String((failure as Error).stack)].join('\n');
    for (const token of tokens) expect(everythingShown).not.toContain(token);
    expect(output.stdout.trim().split('\n')).toHaveLength(1); // stdout carries the URL line and nothing else
  });

  it('fails with a clear error when nobody signs in before --timeout, after printing the URL', async () => {
    fixture = await startOAuthFixture();
    await addRemote(fixture.mcpUrl);
    await expect(runServerCommand(['login', 'remote', '--no-browser', '--timeout', '0.3'])).rejects.toThrow(
      /sign-in to 'remote' timed out: no sign-in came back within 0 s .*run 'portcullis server login remote' again/,
    );
    expect(output.stdout).toMatch(/^Open this URL to sign in: http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+$/m);
  });

  it('refuses unknown and stdio servers', async () => {
    await expect(runServerCommand(['login', 'nope', '--no-browser'])).rejects.toThrow("no server named 'nope'");
    const store = await ConfigStore.open(dir);
    await addServer(store, 'local', { transport: 'stdio', command: 'node', args: [], env: {} });
    store.close();
    await expect(runServerCommand(['login', 'local'])).rejects.toThrow("'local' is a stdio server: only URL servers sign in");
  });
});

describe('server add --oauth-client-id/--oauth-client-secret/--oauth-client-metadata-url', () => {
  it('keeps the secret out of config.json, in the 0600 store, and signs in with it', async () => {
    const f = (fixture = await startOAuthFixture({ tokenAuthMethods: ['client_secret_basic'], preRegistered: { clientId: 'pc', clientSecret: 'sup3r-s3cret' }, dynamicRegistration: false }));
    // `server add` itself, which goes through the Api (the core in this process: no gateway runs).
    const add = new Command('server').exitOverride().addCommand(serverCommand().commands.find((c) => c.name() === 'add')!.exitOverride());
    await add.parseAsync(['add', 'remote', '--url', f.mcpUrl, '--oauth-client-id', 'pc', '--oauth-client-secret', 'sup3r-s3cret', '--data-dir', dir], { from: 'user' });
    expect(output.stderr).toContain('stored in');
    const store = await ConfigStore.open(dir);
    expect(store.server('remote')?.upstream).toMatchObject({ transport: 'http', url: f.mcpUrl, oauth: { clientId: 'pc' } });
    store.close();
    expect(await filesContaining(['sup3r-s3cret'])).toEqual([path.join('oauth', 'remote.json')]);
    expect((await stat(path.join(dir, 'oauth', 'remote.json'))).mode & 0o777).toBe(0o600);

    const login = runServerCommand(['login', 'remote', '--no-browser']);
    await browse((await waitForLine(/^Open this URL to sign in: (\S+)$/m))[1]!);
    await login;
    expect(f.tokenRequests).toEqual([{ grant: 'authorization_code', method: 'client_secret_basic', resource: f.mcpUrl }]);
  });

  it('validates the options', () => {
    expect(oauthConfigFromOptions({}, true)).toBeUndefined();
    expect(() => oauthConfigFromOptions({ oauthClientId: 'x' }, false)).toThrow('apply to URL servers only');
    expect(() => oauthConfigFromOptions({ oauthClientSecret: 's' }, true)).toThrow('--oauth-client-secret needs --oauth-client-id');
    expect(() => oauthConfigFromOptions({ oauthClientMetadataUrl: 'http://example.com/client.json' }, true)).toThrow('must be an https:// URL');
    expect(oauthConfigFromOptions({ oauthClientMetadataUrl: 'https://example.com/client.json' }, true)).toEqual({ clientMetadataUrl: 'https://example.com/client.json' });
  });
});

describe('with an encrypting SecretBox (the seam the Electron app fills with safeStorage)', () => {
  it('no token appears in any data-directory file, and connections still work', async () => {
    const f = (fixture = await startOAuthFixture());
    const oauth = new UpstreamOAuth({ dataDir: dir, box: testBox() });
    const server = { id: 'remote', upstream: { transport: 'http' as const, url: f.mcpUrl, headers: {} } };
    await oauth.signIn(server, { timeoutMs: 10_000, onAuthorizationUrl: (url) => void browse(url) });
    const client = await connectWithAuth(f.mcpUrl, oauth.transportAuth(server));
    expect(await callText(client, 'whoami')).toContain('client');
    await client.close();
    expect(await filesContaining(f.provider.issued)).toEqual([]);
    // Headless (no keychain) cannot open it, and says what to do.
    await expect(new UpstreamOAuth({ dataDir: dir }).status(server)).rejects.toThrow(/stored by the Portcullis desktop app/);
  });
});

/** AES-256-GCM with a key held in memory: a stand-in for safeStorage. */
function testBox(): SecretBox {
  const key = randomBytes(32);
  return {
    kind: 'test-aes-gcm',
    encrypted: true,
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
