// Reading a server's Bearer challenge (RFC 6750 / RFC 9728 WWW-Authenticate) with the
// SDK's parser: once up front, to learn whether a server needs sign-in and which scope and
// resource metadata it names, and on every 403 the gateway's transports receive.
import { extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';

export interface HttpUpstream {
  transport: 'http' | 'sse';
  url: string;
  headers: Record<string, string>;
}

export type AuthChallenge =
  | { needsSignIn: true; resourceMetadataUrl?: URL; scope?: string; /** The request the server challenged. */ on: string }
  | { needsSignIn: false; status: number; /** What was asked without credentials. */ asked: string };

/** What a challenge (401, or 403 insufficient_scope) named. */
export interface ChallengeParams {
  scope?: string;
  resourceMetadataUrl?: URL;
}

/** Told about the server's challenges as the gateway's transports receive them. */
export interface ChallengeObserver {
  /** A 401: the server wants a (new) sign-in, perhaps naming a scope. Not awaited: the transport's refresh must not wait on it. */
  onUnauthorized(challenge: ChallengeParams): void;
  /** A 403 insufficient_scope: returns the error to fail the request with (a gateway cannot open a browser). */
  onInsufficientScope(challenge: ChallengeParams): Promise<Error>;
}

const PROBE_CLIENT = { name: 'portcullis-probe', version: '0.1.0' };

/**
 * Asks the server, without credentials, what a client would ask first (Streamable HTTP:
 * initialize; SSE: the event stream). A 401 means it wants a sign-in. A Streamable HTTP
 * server that lets an anonymous client initialize may still want one for its tools
 * (sign-in on demand): then tools/list, in the same session, is asked too.
 */
export async function probeAuthChallenge(upstream: HttpUpstream, options: { fetch?: FetchLike; timeoutMs?: number } = {}): Promise<AuthChallenge> {
  const doFetch = options.fetch ?? fetch;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  if (upstream.transport === 'sse') {
    const response = await doFetch(upstream.url, { method: 'GET', headers: { ...upstream.headers, accept: 'text/event-stream' }, signal });
    await response.body?.cancel().catch(() => undefined);
    return challengeOf(response, 'the event stream') ?? { needsSignIn: false, status: response.status, asked: 'the event stream' };
  }
  const post = (message: object, extra: Record<string, string> = {}) =>
    doFetch(upstream.url, {
      method: 'POST',
      headers: { ...upstream.headers, ...extra, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', ...message }),
      signal,
    });
  const initialize = await post({ id: 0, method: 'initialize', params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: PROBE_CLIENT } });
  const challenge = challengeOf(initialize, 'initialize');
  if (challenge || !initialize.ok) {
    await initialize.body?.cancel().catch(() => undefined);
    return challenge ?? { needsSignIn: false, status: initialize.status, asked: 'initialize' };
  }
  const version = await negotiatedVersion(initialize);

  // The server let an anonymous client in: ask for its tools as a client would, then end the session.
  const sessionId = initialize.headers.get('mcp-session-id');
  const session: Record<string, string> = { 'mcp-protocol-version': version, ...(sessionId ? { 'mcp-session-id': sessionId } : {}) };
  try {
    await post({ method: 'notifications/initialized' }, session).then((r) => r.body?.cancel());
    const list = await post({ id: 1, method: 'tools/list', params: {} }, session);
    await list.body?.cancel().catch(() => undefined);
    return challengeOf(list, 'tools/list') ?? { needsSignIn: false, status: list.status, asked: 'initialize and tools/list' };
  } finally {
    if (sessionId) {
      await doFetch(upstream.url, { method: 'DELETE', headers: { ...upstream.headers, ...session }, signal })
        .then((r) => r.body?.cancel())
        .catch(() => undefined);
    }
  }
}

/** A 401, or a 403 insufficient_scope, as a challenge; undefined for any other answer. */
function challengeOf(response: Response, on: string): AuthChallenge | undefined {
  if (response.status !== 401 && response.status !== 403) return undefined;
  const { resourceMetadataUrl, scope, error } = extractWWWAuthenticateParams(response);
  if (response.status === 403 && error !== 'insufficient_scope') return undefined;
  return { needsSignIn: true, resourceMetadataUrl, scope, on };
}

/** The protocol version of an initialize answer (JSON or one SSE event); the one asked for when it cannot be read. */
async function negotiatedVersion(response: Response): Promise<string> {
  try {
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('text/event-stream') ? /^data: ?(.*)$/m.exec(text)?.[1] : text;
    const version = (JSON.parse(json ?? '') as { result?: { protocolVersion?: unknown } }).result?.protocolVersion;
    return typeof version === 'string' ? version : LATEST_PROTOCOL_VERSION;
  } catch {
    return LATEST_PROTOCOL_VERSION;
  }
}

/**
 * A fetch for the gateway's transports that tells `observer` about the server's challenges:
 * each 401 before the SDK's transport handles it (refresh, or our provider's "sign in"), and
 * each 403 insufficient_scope instead of the transport (whose step-up needs a browser): the
 * request fails with the observer's error. Only answers from the server's origin count (an
 * SSE server posts to another path), and never a token request's.
 */
export function challengeObservingFetch(serverUrl: string, observer: ChallengeObserver, base: FetchLike = fetch): FetchLike {
  const origin = new URL(serverUrl).origin;
  return async (url, init) => {
    const response = await base(url, init);
    // The hot path pays one status comparison; the rest runs only on a challenge.
    if ((response.status === 401 || response.status === 403) && !(init?.body instanceof URLSearchParams) && new URL(url).origin === origin) {
      const { error, scope, resourceMetadataUrl } = extractWWWAuthenticateParams(response);
      if (response.status === 401) observer.onUnauthorized({ scope, resourceMetadataUrl });
      else if (error === 'insufficient_scope') {
        await response.body?.cancel().catch(() => undefined);
        throw await observer.onInsufficientScope({ scope, resourceMetadataUrl });
      }
    }
    return response;
  };
}
