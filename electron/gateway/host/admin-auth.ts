// Who may use the Api and the UI: whoever holds this run's admin token. A browser proves it
// once through the login link and then carries an HttpOnly, SameSite=Strict session cookie;
// the CLI sends the token as a bearer header (it reads it from runtime.json, mode 0600).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { bearerToken } from '../downstream/http-guards.js';
import { sameSecret } from '../auth/same-secret.js';

export const SESSION_COOKIE = 'portcullis_session';

export class AdminAuth {
  readonly token = `pca_${randomBytes(32).toString('base64url')}`;
  private readonly sessions = new Set<string>();

  /** Exchanges the admin token for a browser session; undefined if the token is wrong. */
  login(presented: string): string | undefined {
    if (!sameSecret(presented, this.token)) return undefined;
    const session = randomBytes(32).toString('base64url');
    this.sessions.add(session);
    return session;
  }

  logout(req: IncomingMessage): void {
    const session = readCookie(req, SESSION_COOKIE);
    if (session) this.sessions.delete(session);
  }

  isAuthorized(req: IncomingMessage): boolean {
    const token = bearerToken(req);
    if (token !== undefined) return sameSecret(token, this.token);
    const session = readCookie(req, SESSION_COOKIE);
    return session !== undefined && this.sessions.has(session);
  }

  sessionCookie(session: string): string {
    return `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
