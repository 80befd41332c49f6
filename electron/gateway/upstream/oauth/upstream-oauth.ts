// The gateway's one entry point to upstream OAuth: auth options for each HTTP/SSE
// upstream's transport (one provider per server, shared by the catalog connection and
// every session, so refreshes are shared too), sign-in status for the Api and UI, and
// a signal when a sign-in lands, from this process or from `portcullis server login`.
import { unwatchFile, watchFile, type Stats } from 'node:fs';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { UpstreamConfig } from '../../../../shared/config.js';
import { challengeObservingFetch, type HttpUpstream } from './auth-challenge.js';
import type { NeedsSignInError } from './needs-sign-in.js';
import { coalesceRefreshes } from './refresh-coalescing.js';
import { expiresAt, PortcullisOAuthProvider, type UpstreamOAuthConfig } from './oauth-provider.js';
import { plainSecretBox, type SecretBox } from '../../store/secret-box.js';
import { signIn, SignInError, signOut, type SignInOptions, type SignInResult } from './sign-in.js';
import { OAuthStore } from './token-store.js';

/** Spread into StreamableHTTPClientTransport / SSEClientTransport options. */
export interface UpstreamAuth {
  authProvider: OAuthClientProvider;
  fetch: FetchLike;
}

/** What the Api and UI may show: never a token. */
export interface SignInStatus {
  signedIn: boolean;
  expiresAt?: string;
  /** True when the tokens can be renewed without a person. */
  renewable: boolean;
  scope?: string;
  /** A step-up the server asked for and the next sign-in will request. */
  pendingScope?: string;
}

export interface UpstreamOAuthOptions {
  dataDir: string;
  /** safeStorage in the Electron app (see store/secret-box.ts); the 0600 file alone when headless. */
  box?: SecretBox;
  fetch?: FetchLike;
  /** A connection found that a person must sign in (for status, tray notifications). */
  onNeedsSignIn?(error: NeedsSignInError): void;
}

type OAuthUpstream = HttpUpstream & { oauth?: UpstreamOAuthConfig };
type AnyServer = { id: string; upstream: UpstreamConfig };

const WATCH_INTERVAL_MS = 1_000;

export class UpstreamOAuth {
  readonly store: OAuthStore;
  private readonly auths = new Map<string, { url: string; config: string; auth: UpstreamAuth }>();
  private readonly signedInListeners = new Map<string, { listeners: Set<() => void>; stopWatching(): void }>();

  constructor(private readonly options: UpstreamOAuthOptions) {
    this.store = new OAuthStore(options.dataDir, options.box ?? plainSecretBox());
  }

  /**
   * Auth options for the server's transports. Undefined for stdio servers, and for servers
   * given a static Authorization header (`--header "Authorization: …"`), which wins anyway.
   */
  transportAuth(server: AnyServer): UpstreamAuth | undefined {
    const upstream = oauthUpstream(server.upstream);
    if (!upstream || Object.keys(upstream.headers).some((name) => name.toLowerCase() === 'authorization')) return undefined;
    const config = JSON.stringify(upstream.oauth ?? {});
    const cached = this.auths.get(server.id);
    if (cached && cached.url === upstream.url && cached.config === config) return cached.auth;
    // One refresh at a time per refresh token, whichever connection (or the provider itself) asks.
    const fetch = coalesceRefreshes(this.options.fetch);
    const provider = new PortcullisOAuthProvider({
      serverId: server.id,
      serverUrl: upstream.url,
      store: this.store,
      config: upstream.oauth,
      fetch,
      onNeedsSignIn: this.options.onNeedsSignIn,
    });
    const auth: UpstreamAuth = {
      authProvider: provider,
      fetch: challengeObservingFetch(upstream.url, { onUnauthorized: (c) => provider.noteUnauthorized(c), onInsufficientScope: (c) => provider.noteInsufficientScope(c) }, fetch),
    };
    this.auths.set(server.id, { url: upstream.url, config, auth });
    return auth;
  }

  /** Undefined for stdio servers. */
  async status(server: AnyServer): Promise<SignInStatus | undefined> {
    const upstream = oauthUpstream(server.upstream);
    if (!upstream) return undefined;
    const record = await this.store.read(server.id, upstream.url);
    const expiry = expiresAt(record);
    return {
      signedIn: record.tokens !== undefined,
      ...(expiry ? { expiresAt: expiry.toISOString() } : {}),
      renewable: record.tokens?.refresh_token !== undefined,
      ...(record.tokens?.scope ? { scope: record.tokens.scope } : {}),
      ...(record.stepUpScope ? { pendingScope: record.stepUpScope } : {}),
    };
  }

  /** A sign-in from the app (the tray's Sign in button); the caller opens the browser in onAuthorizationUrl. */
  async signIn(server: AnyServer, options: Pick<SignInOptions, 'onAuthorizationUrl' | 'timeoutMs' | 'signal'>): Promise<SignInResult> {
    const upstream = oauthUpstream(server.upstream);
    if (!upstream) throw new SignInError(`'${server.id}' is a stdio server: only URL servers sign in`);
    const result = await signIn({ serverId: server.id, upstream, store: this.store, fetch: this.options.fetch, ...options });
    this.notifySignedIn(server.id);
    return result;
  }

  signOut(serverId: string): Promise<boolean> {
    return signOut(this.store, serverId);
  }

  /** Forgets everything about a removed server, its client secret included. */
  async forget(serverId: string): Promise<void> {
    this.auths.delete(serverId);
    await this.store.forgetServer(serverId);
  }

  /**
   * Calls `listener` whenever new tokens are stored for the server, by this process or by
   * another one (`portcullis server login`). Returns a function that stops listening.
   */
  onSignedIn(serverId: string, listener: () => void): () => void {
    let entry = this.signedInListeners.get(serverId);
    if (!entry) {
      const file = this.store.file(serverId);
      const onChange = (current: Stats, previous: Stats) => {
        if (current.mtimeMs !== previous.mtimeMs && current.mtimeMs !== 0) void this.checkSignedIn(serverId);
      };
      // Polling the file's stat survives atomic renames on every platform, and costs one stat a second per watched server.
      watchFile(file, { interval: WATCH_INTERVAL_MS, persistent: false }, onChange);
      entry = { listeners: new Set(), stopWatching: () => unwatchFile(file, onChange) };
      this.signedInListeners.set(serverId, entry);
    }
    const { listeners } = entry;
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.signedInListeners.get(serverId) === entry) {
        this.signedInListeners.delete(serverId);
        entry.stopWatching();
      }
    };
  }

  close(): void {
    for (const entry of this.signedInListeners.values()) entry.stopWatching();
    this.signedInListeners.clear();
  }

  private async checkSignedIn(serverId: string): Promise<void> {
    const url = this.auths.get(serverId)?.url;
    if (!url) return this.notifySignedIn(serverId);
    const record = await this.store.read(serverId, url).catch(() => undefined);
    if (record?.tokens) this.notifySignedIn(serverId);
  }

  private notifySignedIn(serverId: string): void {
    for (const listener of [...(this.signedInListeners.get(serverId)?.listeners ?? [])]) listener();
  }
}

/** The HTTP/SSE upstream with its `oauth` block (which shared/config.ts gains with issue 12), or undefined for stdio. */
function oauthUpstream(upstream: UpstreamConfig): OAuthUpstream | undefined {
  return upstream.transport === 'stdio' ? undefined : (upstream as OAuthUpstream);
}
