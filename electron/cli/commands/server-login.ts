// portcullis server login|logout, and the OAuth options of `server add`.
// The sign-in URL goes to stdout on a line of its own; everything else to stderr.
import type { Command } from 'commander';
import { isHttpsUrl } from '@modelcontextprotocol/sdk/client/auth.js';
import type { ServerConfig, UpstreamConfig } from '../../../shared/config.js';
import { OAuthStore } from '../../gateway/upstream/oauth/token-store.js';
import { probeAuthChallenge, type HttpUpstream } from '../../gateway/upstream/oauth/auth-challenge.js';
import { DEFAULT_SIGN_IN_TIMEOUT_MS, signIn, signOut } from '../../gateway/upstream/oauth/sign-in.js';
import type { UpstreamOAuthConfig } from '../../gateway/upstream/oauth/oauth-provider.js';
import { openInBrowser } from '../../gateway/upstream/oauth/open-browser.js';
import { openConfig, withDataDir, type DataDirOption } from '../context.js';
import { CliError, warn } from '../output.js';

export interface OAuthAddOptions {
  oauthClientId?: string;
  oauthClientSecret?: string;
  oauthClientMetadataUrl?: string;
}

interface LoginOptions extends DataDirOption {
  browser: boolean;
  timeout?: string;
}

type OAuthUpstream = HttpUpstream & { oauth?: UpstreamOAuthConfig };

/** Adds `--oauth-client-id`, `--oauth-client-secret` and `--oauth-client-metadata-url` to `server add`. */
export function addOAuthOptions(add: Command): Command {
  return add
    .option('--oauth-client-id <id>', 'OAuth client id registered with the server\'s authorization server (URL servers)')
    .option('--oauth-client-secret <secret>', 'its client secret; kept in the protected sign-in store, never in config.json')
    .option('--oauth-client-metadata-url <url>', 'HTTPS URL of a client ID metadata document to use where the server supports it');
}

/** The `oauth` block for config.json (no secret in it), or undefined when no OAuth option was given. */
export function oauthConfigFromOptions(options: OAuthAddOptions, isUrlServer: boolean): UpstreamOAuthConfig | undefined {
  const { oauthClientId, oauthClientSecret, oauthClientMetadataUrl } = options;
  if (!oauthClientId && !oauthClientSecret && !oauthClientMetadataUrl) return undefined;
  if (!isUrlServer) throw new CliError('--oauth-client-id, --oauth-client-secret and --oauth-client-metadata-url apply to URL servers only');
  if (oauthClientSecret && !oauthClientId) throw new CliError('--oauth-client-secret needs --oauth-client-id');
  if (oauthClientMetadataUrl && !isHttpsUrl(oauthClientMetadataUrl)) {
    throw new CliError(`--oauth-client-metadata-url must be an https:// URL with a path (got '${oauthClientMetadataUrl}')`);
  }
  return { ...(oauthClientId ? { clientId: oauthClientId } : {}), ...(oauthClientMetadataUrl ? { clientMetadataUrl: oauthClientMetadataUrl } : {}) };
}

/** After `server add` stored a URL server: tells the person at once when the server wants a sign-in. Never fails the add. */
export async function afterServerAdded(id: string, upstream: UpstreamConfig, probeTimeoutMs = 5_000): Promise<void> {
  if (upstream.transport === 'stdio') return;
  const challenge = await probeAuthChallenge(upstream, { timeoutMs: probeTimeoutMs }).catch(() => undefined);
  if (challenge?.needsSignIn) process.stderr.write(`Server '${id}' needs a sign-in: run  portcullis server login ${id}\n`);
}

/** Adds `login <id> [--no-browser]` and `logout <id>` to the `server` command. */
export function addLoginCommands(server: Command): void {
  withDataDir(
    server
      .command('login <id>')
      .description('sign in to a URL server that uses OAuth; prints the URL to open')
      .option('--no-browser', 'only print the URL, do not try to open a browser')
      .option('--timeout <seconds>', `how long to wait for the browser to come back (default ${DEFAULT_SIGN_IN_TIMEOUT_MS / 1000})`),
  ).action(async (id: string, options: LoginOptions) => {
    const { upstream, store } = await openServer(id, options);
    const timeoutMs = parseTimeout(options.timeout);
    const result = await signIn({
      serverId: id,
      upstream,
      store,
      timeoutMs,
      onAuthorizationUrl: (url) => {
        process.stdout.write(`Open this URL to sign in: ${url.href}\n`);
        if (options.browser) openInBrowser(url.href);
        process.stderr.write(`Waiting for the sign-in to finish in the browser (at most ${Math.round(timeoutMs / 1000)} s)...\n`);
      },
    }).catch((error: unknown) => {
      throw new CliError((error as Error).message);
    });
    const expiry = result.expiresAt ? `, expires ${result.expiresAt.toISOString()}` : '';
    process.stderr.write(`Signed in to '${id}'${result.scope ? ` (scope "${result.scope}")` : ''}${expiry}.\n`);
    if (result.refusedBefore) {
      warn(`'${id}' refused the scope it asked for after ${result.refusedBefore} earlier sign-in(s); if its permissions have not changed, it will refuse again`);
    }
    if (result.missingScopes.length) warn(`the authorization server did not grant ${result.missingScopes.join(' ')}; calls that need it will still be refused`);
    if (!store.box.encrypted) warn(result.protection);
  });

  withDataDir(server.command('logout <id>').description('forget the sign-in (tokens) of a URL server')).action(async (id: string, options: DataDirOption) => {
    const { store } = await openServer(id, options);
    const had = await signOut(store, id);
    process.stderr.write(had ? `Signed out of '${id}': its tokens are forgotten.\n` : `'${id}' was not signed in.\n`);
  });
}

async function openServer(id: string, options: DataDirOption): Promise<{ server: ServerConfig; upstream: OAuthUpstream; store: OAuthStore }> {
  const config = await openConfig(options);
  const server = config.server(id);
  if (!server) throw new CliError(`no server named '${id}'`);
  if (server.upstream.transport === 'stdio') throw new CliError(`'${id}' is a stdio server: only URL servers sign in`);
  return { server, upstream: server.upstream as OAuthUpstream, store: new OAuthStore(config.dataDir) };
}

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SIGN_IN_TIMEOUT_MS;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new CliError(`--timeout '${text}' must be a positive number of seconds`);
  return seconds * 1000;
}
