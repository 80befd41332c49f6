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
  | { needsSignIn: true; resourceMetadataUrl?: URL; scope?: string }
  | { needsSignIn: false; status: number };

/**
 * Asks the server, without credentials, what a client would ask first (Streamable HTTP:
 * initialize; SSE: the event stream). A 401 means it wants a sign-in.
 */
export async function probeAuthChallenge(upstream: HttpUpstream, options: { fetch?: FetchLike; timeoutMs?: number } = {}): Promise<AuthChallenge> {
  const doFetch = options.fetch ?? fetch;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  const init: RequestInit =
    upstream.transport === 'sse'
      ? { method: 'GET', headers: { ...upstream.headers, accept: 'text/event-stream' }, signal }
      : {
          method: 'POST',
          headers: { ...upstream.headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 0,
            method: 'initialize',
            params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'portcullis-probe', version: '0.1.0' } },
          }),
          signal,
        };
  const response = await doFetch(upstream.url, init);
  await response.body?.cancel().catch(() => undefined);
  if (response.status === 401) {
    const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(response);
    return { needsSignIn: true, resourceMetadataUrl, scope };
  }
  // The server let an anonymous client in: end the session it may have opened.
  const sessionId = response.headers.get('mcp-session-id');
  if (sessionId) {
    await doFetch(upstream.url, { method: 'DELETE', headers: { ...upstream.headers, 'mcp-session-id': sessionId }, signal })
      .then((r) => r.body?.cancel())
      .catch(() => undefined);
  }
  return { needsSignIn: false, status: response.status };
}

/** A fetch for the gateway's transports that tells `onInsufficientScope` about each 403 insufficient_scope from the server. */
export function challengeObservingFetch(serverUrl: string, onInsufficientScope: (scope: string | undefined) => Promise<void> | void, base: FetchLike = fetch): FetchLike {
  const origin = new URL(serverUrl).origin;
  return async (url, init) => {
    const response = await base(url, init);
    if (response.status === 403 && new URL(url).origin === origin) {
      const { error, scope } = extractWWWAuthenticateParams(response);
      if (error === 'insufficient_scope') await onInsufficientScope(scope);
    }
    return response;
  };
}
