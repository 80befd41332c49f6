// Who may use the Api and the UI: whoever holds this run's admin token. The CLI sends it as
// a bearer header (it reads it from runtime.json, mode 0600). A browser signs in through a
// login link instead, which carries a one-time code, not the token: the first use sets an
// HttpOnly, SameSite=Strict session cookie and spends the code, so a link left in a
// terminal's scrollback, a shell history or a browser's history signs in nobody else.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { bearerToken } from '../downstream/http-guards.js';
import { sameSecret } from '../auth/same-secret.js';
import type { ApiActor } from '../../../shared/api.js';
import { ACTOR_HEADER } from '../../../shared/api-client.js';

export const SESSION_COOKIE = 'portcullis_session';

/** Unused login codes kept at most; asking for more drops the oldest. */
const MAX_LOGIN_CODES = 16;

export class AdminAuth {
  readonly token = `pca_${randomBytes(32).toString('base64url')}`;
  private readonly sessions = new Set<string>();
  /** Codes of login links not used yet, oldest first. */
  private readonly loginCodes = new Set<string>();

  /** A code for one login link: good for one sign-in. */
  newLoginCode(): string {
    if (this.loginCodes.size >= MAX_LOGIN_CODES) this.loginCodes.delete(this.loginCodes.values().next().value as string);
    const code = `pcl_${randomBytes(32).toString('base64url')}`;
    this.loginCodes.add(code);
    return code;
  }

  /** Spends a login code for a browser session; undefined if it is unknown or was used already. */
  login(presented: string): string | undefined {
    if (!this.loginCodes.delete(presented)) return undefined; // 256 random bits: a lookup leaks nothing worth timing
    const session = randomBytes(32).toString('base64url');
    this.sessions.add(session);
    return session;
  }

  logout(req: IncomingMessage): void {
    const session = readCookie(req, SESSION_COOKIE);
    if (session) this.sessions.delete(session);
  }

  /** The admin token as a bearer header (the CLI). */
  hasAdminToken(req: IncomingMessage): boolean {
    const token = bearerToken(req);
    return token !== undefined && sameSecret(token, this.token);
  }

  /**
   * Who an authorized Api request acts as: the command line when it says so and holds the
   * admin token (which only runtime.json has); anyone else, a browser included, is 'web'.
   */
  actorOf(req: IncomingMessage): ApiActor {
    return req.headers[ACTOR_HEADER] === 'cli' && this.hasAdminToken(req) ? 'cli' : 'web';
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
