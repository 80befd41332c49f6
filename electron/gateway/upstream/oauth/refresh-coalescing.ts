// Several connections share one server's tokens, and each SDK transport runs its own auth()
// on a 401. Authorization servers that rotate refresh tokens accept each one once, so two
// transports refreshing together would sign the user out. This fetch sends one refresh per
// refresh token and gives every caller a copy of its answer.
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

/** A refresh that succeeded is reused this long: a transport that read the old token just before still gets the new one. */
const REUSE_MS = 30_000;

export function coalesceRefreshes(base: FetchLike = fetch): FetchLike {
  const recent = new Map<string, Promise<Response>>();
  return async (url, init) => {
    const refreshToken = refreshTokenIn(init?.body);
    if (refreshToken === undefined) return base(url, init);
    let answer = recent.get(refreshToken);
    if (!answer) {
      answer = base(url, init);
      recent.set(refreshToken, answer);
      answer.then(
        (response) => {
          if (!response.ok) recent.delete(refreshToken);
          else setTimeout(() => recent.delete(refreshToken), REUSE_MS).unref();
        },
        () => recent.delete(refreshToken),
      );
    }
    return (await answer).clone();
  };
}

function refreshTokenIn(body: RequestInit['body'] | undefined): string | undefined {
  if (!(body instanceof URLSearchParams) || body.get('grant_type') !== 'refresh_token') return undefined;
  return body.get('refresh_token') ?? undefined;
}
