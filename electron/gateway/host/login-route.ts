// The UI's sign-in: `GET /login?token=<code>` spends a one-time login code for a session
// cookie; `POST /login/links` (the admin token as bearer: `portcullis ui`) makes a new link.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdminAuth } from './admin-auth.js';

export const LOGIN_LINKS_PATH = '/login/links';

export function loginUrl(auth: AdminAuth, base: string): string {
  return `${base}/login?token=${auth.newLoginCode()}`;
}

const USED_OR_UNKNOWN =
  'This login link has been used already, or is not from this run of the gateway: each link signs in once.\n' +
  'For a new link, run `portcullis ui` (add --data-dir if you use one); restarting `portcullis serve` also prints one.\n';

/** Handles the login routes; false for any other path. */
export function handleLogin(auth: AdminAuth, req: IncomingMessage, res: ServerResponse, url: URL, base: string): boolean {
  if (url.pathname === '/login' && req.method === 'GET') {
    const session = auth.login(url.searchParams.get('token') ?? '');
    if (!session) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(USED_OR_UNKNOWN);
      return true;
    }
    // Redirect so the code leaves the address bar and the history.
    res.writeHead(303, { location: '/', 'set-cookie': auth.sessionCookie(session), 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).end();
    return true;
  }
  if (url.pathname === LOGIN_LINKS_PATH && req.method === 'POST') {
    req.resume();
    // Bearer only: a page in a browser (cookie, Origin) cannot mint links for itself.
    if (!auth.hasAdminToken(req) || req.headers.origin !== undefined) {
      res.writeHead(401, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ error: { code: 'unauthorized', message: 'send the admin token as a bearer token' } }));
      return true;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ url: loginUrl(auth, base) }));
    return true;
  }
  return false;
}
