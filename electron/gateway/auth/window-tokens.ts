// Short-lived credentials for calls tried from the window (Api tryCall). Each is bound to one
// grant, lives only in memory, and is withdrawn as soon as its call ends. They are presented
// as a bearer token on the real /mcp endpoint, so a try passes the same checks as a client's
// call; nothing new is reachable without a token.
import { hash, randomBytes } from 'node:crypto';

export const WINDOW_TOKEN_PREFIX = 'pcw_';

export class WindowTokens {
  /** Keyed by the token's hash, so a lookup compares no secret byte by byte. */
  private readonly live = new Map<string, { grant: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(grant: string, ttlMs: number): string {
    const token = WINDOW_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    this.live.set(keyOf(token), { grant, expiresAt: this.now() + ttlMs });
    return token;
  }

  /** The grant a live window token stands for. */
  find(token: string): string | undefined {
    const key = keyOf(token);
    const entry = this.live.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.live.delete(key);
      return undefined;
    }
    return entry.grant;
  }

  revoke(token: string): void {
    this.live.delete(keyOf(token));
  }
}

function keyOf(token: string): string {
  return hash('sha256', token, 'hex');
}
