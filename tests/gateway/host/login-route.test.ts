// The UI's sign-in routes on a real HTTP server: a login link signs in once; only the admin
// token (as a bearer, not from a page) makes a new link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdminAuth } from '../../../electron/gateway/host/admin-auth.js';
import { handleLogin, LOGIN_LINKS_PATH, loginUrl } from '../../../electron/gateway/host/login-route.js';

describe('login routes', () => {
  const auth = new AdminAuth();
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (!handleLogin(auth, req, res, new URL(req.url ?? '/', base), base)) res.writeHead(404).end('other');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('loginUrl is the base with a fresh one-time code', () => {
    const a = loginUrl(auth, base);
    const b = loginUrl(auth, base);
    expect(a).toMatch(new RegExp(`^${base}/login\\?token=pcl_`));
    expect(a).not.toBe(b);
  });

  it('a link redirects to / with a session cookie, without a referrer, once; the second use is 401 with how to get another', async () => {
    const link = loginUrl(auth, base);
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    expect(first.headers.get('set-cookie')).toMatch(/^portcullis_session=.+HttpOnly; SameSite=Strict/);
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    expect(first.headers.get('cache-control')).toBe('no-store');
    const second = await fetch(link, { redirect: 'manual' });
    expect(second.status).toBe(401);
    expect(second.headers.get('set-cookie')).toBeNull();
    expect(await second.text()).toMatch(/used already.*portcullis ui/s);
  });

  it('a code that was never issued, or none, is refused', async () => {
    expect((await fetch(`${base}/login?token=pcl_made_up`, { redirect: 'manual' })).status).toBe(401);
    expect((await fetch(`${base}/login`, { redirect: 'manual' })).status).toBe(401);
  });

  it('POST /login/links with the admin token returns a new link that signs in', async () => {
    const res = await fetch(`${base}${LOGIN_LINKS_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${auth.token}` } });
    expect(res.status).toBe(200);
    const { url } = (await res.json()) as { url: string };
    expect(url.startsWith(`${base}/login?token=`)).toBe(true);
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(303);
  });

  it('POST /login/links refuses a wrong token, no token, and the right token sent with an Origin (a page)', async () => {
    const post = (headers: Record<string, string>) => fetch(`${base}${LOGIN_LINKS_PATH}`, { method: 'POST', headers });
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer pca_wrong' }, { authorization: `Bearer ${auth.token}`, origin: base }]) {
      const res = await post(headers);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });

  it('leaves other paths and methods to the caller', async () => {
    expect((await fetch(`${base}/api/info`)).status).toBe(404);
    expect((await fetch(`${base}/login`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}${LOGIN_LINKS_PATH}`)).status).toBe(404);
  });
});
