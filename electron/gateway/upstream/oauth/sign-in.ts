// One sign-in, start to finish: ask the server for its challenge, open the loopback
// redirect, let the SDK's auth() discover, register and build the authorization URL, hand
// that URL to whoever shows it (CLI line, system browser), wait for the browser to come
// back, and let auth() exchange the code. Tokens are stored only when all of it worked.
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { probeAuthChallenge, type ChallengeParams, type HttpUpstream } from './auth-challenge.js';
import { openLoopbackRedirect, SignInTimeoutError } from './loopback-redirect.js';
import { expiresAt, PortcullisOAuthProvider, type UpstreamOAuthConfig } from './oauth-provider.js';
import { missingScopes, unionScopes } from './scopes.js';
import type { OAuthStore } from './token-store.js';

export const DEFAULT_SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface SignInOptions {
  serverId: string;
  upstream: HttpUpstream & { oauth?: UpstreamOAuthConfig };
  store: OAuthStore;
  /** Shows the authorization URL to a person (prints it, opens the browser). */
  onAuthorizationUrl(url: URL): void | Promise<void>;
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: FetchLike;
}

export interface SignInResult {
  scope?: string;
  expiresAt?: Date;
  /** Scopes the server asked for that the authorization server did not grant. */
  missingScopes: string[];
  /** Where the tokens are and what protects them, to tell the person. */
  protection: string;
  /** Earlier sign-ins after which the server still refused the scope they asked for. */
  refusedBefore?: number;
}

export class SignInError extends Error {}

export async function signIn(options: SignInOptions): Promise<SignInResult> {
  const { serverId, upstream, store } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS;
  const challenge = await probeAuthChallenge(upstream, { fetch: options.fetch }).catch((error: unknown) => {
    throw new SignInError(`could not reach ${upstream.url}: ${(error as Error).message}`, { cause: error });
  });
  const previous = await store.read(serverId, upstream.url);
  // A server may ask only for some calls (a tools/call the probe cannot make): what the gateway saw counts too.
  if (!challenge.needsSignIn && previous.challengedAt === undefined && !previous.tokens) {
    throw new SignInError(
      `${upstream.url} did not ask for a sign-in (it answered ${challenge.asked} with HTTP ${challenge.status} without credentials, and Portcullis has not seen it ask), so there is nothing to sign in to`,
    );
  }
  const asked: ChallengeParams = challenge.needsSignIn ? challenge : {};
  // Scope: what the server's challenge names (else auth() falls back to scopes_supported), plus what step-ups asked for.
  const scope = unionScopes(asked.scope, previous.stepUpScope);

  const loopback = await openLoopbackRedirect();
  try {
    const provider = new PortcullisOAuthProvider({
      serverId,
      serverUrl: upstream.url,
      store,
      config: upstream.oauth,
      fetch: options.fetch,
      flow: { redirectUrl: loopback.redirectUrl, state: loopback.state, onAuthorizationUrl: options.onAuthorizationUrl },
    });
    const authOptions = { serverUrl: upstream.url, resourceMetadataUrl: asked.resourceMetadataUrl, scope, fetchFn: options.fetch };
    const started = await auth(provider, authOptions);
    if (started !== 'REDIRECT') throw new SignInError(`the authorization server for '${serverId}' did not start a sign-in`);
    const code = await loopback.waitForCode(timeoutMs, options.signal);
    const finished = await auth(provider, { ...authOptions, authorizationCode: code });
    if (finished !== 'AUTHORIZED') throw new SignInError(`the authorization server for '${serverId}' issued no tokens`);
    const record = await store.read(serverId, upstream.url);
    return {
      scope: record.tokens?.scope,
      expiresAt: expiresAt(record),
      missingScopes: record.tokens?.scope === undefined ? [] : missingScopes(scope, record.tokens.scope),
      protection: store.describeProtection(serverId),
      ...(previous.scopeRefusals ? { refusedBefore: previous.scopeRefusals } : {}),
    };
  } catch (error) {
    throw describeFailure(serverId, error);
  } finally {
    await loopback.close();
  }
}

function describeFailure(serverId: string, error: unknown): SignInError {
  if (error instanceof SignInError) return error;
  const again = `run 'portcullis server login ${serverId}' again`;
  if (error instanceof SignInTimeoutError) {
    return new SignInError(`sign-in to '${serverId}' timed out: ${error.message} (nobody finished it in a browser); ${again}`, { cause: error });
  }
  // The SDK's OAuthErrors carry the RFC 6749 error code apart from the (optional) description.
  const code = (error as { errorCode?: unknown }).errorCode;
  const message = (error as Error).message || String(error);
  return new SignInError(`sign-in to '${serverId}' failed: ${typeof code === 'string' && !message.includes(code) ? `${code}: ` : ''}${message}`, { cause: error });
}

/** Forgets the server's tokens. True when there were some. */
export function signOut(store: OAuthStore, serverId: string): Promise<boolean> {
  return store.forgetTokens(serverId);
}
