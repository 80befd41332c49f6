// Portcullis's OAuthClientProvider: the SDK's auth() does the protocol (discovery,
// registration, PKCE, resource indicators, refresh); this class only keeps state.
//
// Two modes. Without a `flow` it serves the gateway's connections: it hands out stored
// tokens, refreshes them shortly before they expire (and lets the SDK refresh on a 401),
// and when a person must act it throws NeedsSignInError instead of opening anything.
// With a `flow` it serves one sign-in (`portcullis server login`, the Sign in button):
// a fresh authorization through the loopback redirect, saved only once it succeeds.
import { AsyncLocalStorage } from 'node:async_hooks';
import { auth, type OAuthClientProvider, type OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ChallengeParams } from './auth-challenge.js';
import { NeedsSignInError } from './needs-sign-in.js';
import type { OAuthRecord, OAuthStore } from './token-store.js';
import { missingScopes, unionScopes } from './scopes.js';

/** Per-server OAuth settings kept in config.json (the client secret is not: it lives in the OAuthStore). */
export interface UpstreamOAuthConfig {
  clientId?: string;
  clientMetadataUrl?: string;
}

export interface InteractiveFlow {
  redirectUrl: string;
  state: string;
  onAuthorizationUrl(url: URL): void | Promise<void>;
}

export interface ProviderOptions {
  serverId: string;
  serverUrl: string;
  store: OAuthStore;
  config?: UpstreamOAuthConfig;
  /** Used for the provider's own refreshes (the SDK passes the transport's fetch to its auth() calls); see coalesceRefreshes. */
  fetch?: FetchLike;
  flow?: InteractiveFlow;
  onNeedsSignIn?(error: NeedsSignInError): void;
}

/** Any loopback redirect will do for a provider that never redirects; auth() only needs one to exist. */
const IDLE_REDIRECT_URL = 'http://127.0.0.1/callback';
const MAX_REFRESH_LEAD_MS = 60_000;
/** After a failed refresh, ahead-of-expiry refreshes pause this long (the SDK still tries on a 401). */
const REFRESH_RETRY_MS = 30_000;
/**
 * Sign-ins that asked for a scope the server then still refused with insufficient_scope:
 * after this many, Portcullis stops telling people to sign in for it (it would loop) and
 * says the account lacks the permission. A person can still sign in on purpose.
 */
export const MAX_SCOPE_REFUSALS = 2;

const insideOwnRefresh = new AsyncLocalStorage<boolean>();

export class PortcullisOAuthProvider implements OAuthClientProvider {
  private record?: OAuthRecord;
  private verifier?: string;
  private flowTokens?: OAuthTokens;
  private flowDiscovery?: OAuthDiscoveryState;
  private refreshing?: Promise<void>;
  private nextRefreshAt = 0;
  private hadTokens = false;
  /** The scope a sign-in's authorization request asked for. */
  private flowScope?: string;
  /** What the server's 401s asked for, in this process ('' when they named none). */
  private challengeScope?: string;

  constructor(private readonly options: ProviderOptions) {}

  get serverId(): string {
    return this.options.serverId;
  }

  get redirectUrl(): string {
    return this.options.flow?.redirectUrl ?? this.record?.redirectUrl ?? IDLE_REDIRECT_URL;
  }

  get clientMetadataUrl(): string | undefined {
    return this.options.config?.clientMetadataUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Portcullis',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: this.registrationAuthMethod(),
      software_id: 'portcullis',
    };
  }

  state(): string {
    return this.options.flow?.state ?? '';
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const record = await this.load();
    const configuredId = this.options.config?.clientId;
    // Pre-registered credentials are the user's: always these, never a registration.
    if (configuredId) return { client_id: configuredId, ...(record.clientSecret ? { client_secret: record.clientSecret } : {}) };
    if (record.client) return record.client;
    // The gateway never registers a client: registering belongs to a sign-in a person started.
    if (!this.options.flow) throw this.needsSignIn('not-signed-in');
    return undefined;
  }

  async saveClientInformation(information: OAuthClientInformationMixed): Promise<void> {
    if (this.options.config?.clientId) return; // pre-registered: nothing to learn from the issuer stamp
    await this.save((record) => (record.client = information));
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    if (this.options.flow) return this.flowTokens;
    let record = await this.load();
    let tokens = record.tokens;
    if (!tokens) return undefined;
    this.hadTokens = true;
    if (insideOwnRefresh.getStore()) return tokens;
    if (this.refreshing || (tokens.refresh_token && refreshIsDue(record) && Date.now() >= this.nextRefreshAt)) {
      await this.refresh();
      record = await this.load();
      tokens = record.tokens;
    }
    return tokens;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    if (this.options.flow) {
      this.flowTokens = tokens;
      const discovery = this.flowDiscovery;
      const redirectUrl = this.options.flow.redirectUrl;
      const asked = this.flowScope;
      await this.save((record) => {
        record.tokens = tokens;
        record.obtainedAt = record.signedInAt = Date.now();
        record.redirectUrl = redirectUrl;
        if (discovery) record.discovery = discovery;
        // Without a scope in the answer, what was asked for was granted (RFC 6749 §5.1).
        if (asked ?? tokens.scope) record.signInScope = asked ?? tokens.scope;
        else delete record.signInScope;
        delete record.stepUpScope;
      });
      return;
    }
    await this.save((record) => {
      record.tokens = tokens;
      record.obtainedAt = Date.now();
    });
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    if (this.options.flow) {
      this.flowScope = authorizationUrl.searchParams.get('scope') ?? undefined;
      return this.options.flow.onAuthorizationUrl(authorizationUrl);
    }
    throw this.needsSignIn(this.hadTokens ? 'expired' : 'not-signed-in');
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.verifier = codeVerifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error('no sign-in is in progress (no PKCE code verifier)');
    return this.verifier;
  }

  async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    // A sign-in always discovers afresh and keeps the result only if it succeeds.
    if (this.options.flow) this.flowDiscovery = state;
    else await this.save((record) => (record.discovery = state));
  }

  async discoveryState(): Promise<OAuthDiscoveryState | undefined> {
    if (this.options.flow) return this.flowDiscovery;
    return (await this.load()).discovery;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    const all = scope === 'all';
    // Not on 'all': auth() retries this very exchange right after, and the code needs this verifier.
    if (scope === 'verifier') this.verifier = undefined;
    if (all || scope === 'discovery') this.flowDiscovery = undefined;
    if (all || scope === 'tokens') this.flowTokens = undefined;
    // A sign-in in progress leaves the stored tokens alone: they stay until it succeeds.
    const dropTokens = !this.options.flow && (all || scope === 'tokens');
    const dropClient = all || scope === 'client';
    const dropDiscovery = !this.options.flow && (all || scope === 'discovery');
    if (!dropTokens && !dropClient && !dropDiscovery) return;
    await this.save((record) => {
      if (dropClient) delete record.client;
      if (dropDiscovery) delete record.discovery;
      if (dropTokens) {
        delete record.tokens;
        delete record.obtainedAt;
      }
    });
  }

  /**
   * A 401 from the server, before the SDK refreshes or asks us for a sign-in: errors name the
   * scope it asked for at once, and the store keeps it (in the background: a refresh must not
   * wait on it) for the next sign-in, once per scope per process.
   */
  noteUnauthorized({ scope }: ChallengeParams): void {
    const known = this.challengeScope;
    this.challengeScope = unionScopes(known, scope) ?? '';
    if (known !== undefined && !missingScopes(scope, known).length) return;
    this.save((record) => {
      record.challengedAt = Date.now();
      if (missingScopes(scope, record.tokens?.scope).length) record.stepUpScope = unionScopes(record.stepUpScope, scope);
    }).catch(() => undefined); // a store that cannot be written fails the sign-in's own save, which says why
  }

  /**
   * A 403 insufficient_scope: a refresh cannot widen scope, so a person must sign in again,
   * asking for what the server named on top of what the tokens have. When the server names a
   * scope the last sign-in already asked for, that sign-in did not help: counted once per
   * sign-in, and after MAX_SCOPE_REFUSALS the error stops asking for another.
   */
  async noteInsufficientScope({ scope }: ChallengeParams): Promise<NeedsSignInError> {
    await this.save((record) => {
      record.challengedAt = Date.now();
      const asked = record.signInScope ?? record.tokens?.scope;
      const signedInAt = record.signedInAt ?? record.obtainedAt;
      // (A 403 naming no scope is covered by whatever was asked.)
      if (record.tokens && missingScopes(scope, asked).length === 0) {
        if (record.refusedSignInAt !== signedInAt) {
          record.scopeRefusals = (record.scopeRefusals ?? 0) + 1;
          record.refusedSignInAt = signedInAt;
        }
      } else {
        delete record.scopeRefusals; // a scope nobody asked for yet: a real step-up
        delete record.refusedSignInAt;
      }
      record.stepUpScope = unionScopes(record.tokens?.scope, record.stepUpScope, scope);
    });
    const refusals = this.record?.scopeRefusals ?? 0;
    if (refusals >= MAX_SCOPE_REFUSALS) return this.needsSignIn('scope-refused', scope, refusals);
    return this.needsSignIn('more-scope', this.record?.stepUpScope);
  }

  /** Refreshes now, once for every concurrent caller. Failures are left for the 401 that follows to report. */
  refresh(): Promise<void> {
    this.refreshing ??= insideOwnRefresh
      .run(true, () => auth(this, { serverUrl: this.options.serverUrl, fetchFn: this.options.fetch }))
      .then(
        () => void (this.nextRefreshAt = 0),
        () => void (this.nextRefreshAt = Date.now() + REFRESH_RETRY_MS),
      )
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** `scope` defaults to what the server asked for so far (its 401s' and 403s' challenges). */
  private needsSignIn(reason: NeedsSignInError['reason'], scope = unionScopes(this.challengeScope, this.record?.stepUpScope), refusals?: number): NeedsSignInError {
    const error = new NeedsSignInError(this.options.serverId, reason, scope, refusals);
    this.options.onNeedsSignIn?.(error);
    return error;
  }

  /** `none` (a public client with PKCE, RFC 8252) unless the authorization server only takes secrets. */
  private registrationAuthMethod(): string {
    const discovery = this.options.flow ? this.flowDiscovery : this.record?.discovery;
    const supported = discovery?.authorizationServerMetadata?.token_endpoint_auth_methods_supported;
    if (!supported || supported.length === 0 || supported.includes('none')) return 'none';
    return supported.find((m) => m === 'client_secret_basic' || m === 'client_secret_post') ?? 'none';
  }

  private async load(): Promise<OAuthRecord> {
    this.record = await this.options.store.read(this.options.serverId, this.options.serverUrl);
    return this.record;
  }

  private async save(change: (record: OAuthRecord) => void): Promise<void> {
    this.record = await this.options.store.update(this.options.serverId, this.options.serverUrl, change);
  }
}

/** Refresh a little before expiry: a fifth of the lifetime, at most a minute ahead. */
export function refreshIsDue(record: OAuthRecord, now = Date.now()): boolean {
  const lifetimeMs = (record.tokens?.expires_in ?? 0) * 1000;
  if (!lifetimeMs || record.obtainedAt === undefined) return false;
  const lead = Math.min(MAX_REFRESH_LEAD_MS, lifetimeMs / 5);
  return now >= record.obtainedAt + lifetimeMs - lead;
}

export function expiresAt(record: OAuthRecord): Date | undefined {
  const lifetime = record.tokens?.expires_in;
  return lifetime !== undefined && record.obtainedAt !== undefined ? new Date(record.obtainedAt + lifetime * 1000) : undefined;
}
