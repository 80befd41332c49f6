// The UI's login link signs in once; `portcullis ui` makes another.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { AdminAuth } from '../../../electron/gateway/host/admin-auth.js';
import { ACTOR_HEADER } from '../../../shared/api-client.js';
import { runCli, startServe } from '../../helpers/cli.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('AdminAuth login codes', () => {
  it('a code signs in once; the admin token itself is no login code', () => {
    const auth = new AdminAuth();
    const code = auth.newLoginCode();
    expect(auth.login(code)).toBeTypeOf('string');
    expect(auth.login(code)).toBeUndefined();
    expect(auth.login(auth.token)).toBeUndefined();
  });
});

describe('AdminAuth actorOf', () => {
  const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

  it("is 'cli' only for a request that says so and holds the admin token; a browser session cannot claim it", () => {
    const auth = new AdminAuth();
    const session = auth.login(auth.newLoginCode())!;
    expect(auth.actorOf(request({ authorization: `Bearer ${auth.token}`, [ACTOR_HEADER]: 'cli' }))).toBe('cli');
    expect(auth.actorOf(request({ authorization: `Bearer ${auth.token}` }))).toBe('web');
    expect(auth.actorOf(request({ cookie: auth.sessionCookie(session).split(';')[0]!, [ACTOR_HEADER]: 'cli' }))).toBe('web');
    expect(auth.actorOf(request({ authorization: 'Bearer pca_wrong', [ACTOR_HEADER]: 'cli' }))).toBe('web');
    expect(auth.actorOf(request({ authorization: `Bearer ${auth.token}`, [ACTOR_HEADER]: 'tray' }))).toBe('web');
  });
});

describe('through `portcullis serve`', () => {
  let dir: string;
  let serve: Awaited<ReturnType<typeof startServe>>;
  beforeAll(async () => {
    dir = makeTempDir('portcullis-login-');
    serve = await startServe(dir);
  }, 60_000);
  afterAll(async () => {
    await serve?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const linkIn = (text: string) => /UI: (http:\/\/\S+)/.exec(text)?.[1];

  it('the printed link sets the cookie once; a second use is refused with how to get a new link', async () => {
    for (let i = 0; i < 100 && !linkIn(serve.output()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const link = linkIn(serve.output());
    expect(link).toBeDefined();
    const first = await fetch(link!, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('set-cookie')).toMatch(/portcullis_session=/);
    const second = await fetch(link!, { redirect: 'manual' });
    expect(second.status).toBe(401);
    expect(second.headers.get('set-cookie')).toBeNull();
    expect(await second.text()).toMatch(/used already.*portcullis ui/s);
  });

  it('`portcullis ui` prints a fresh link that works once', { timeout: 30_000 }, async () => {
    const result = await runCli(['ui'], { dataDir: dir });
    expect(result.code).toBe(0);
    const link = linkIn(result.stdout);
    expect(link).toBeDefined();
    expect((await fetch(link!, { redirect: 'manual' })).status).toBe(303);
    expect((await fetch(link!, { redirect: 'manual' })).status).toBe(401);
  });

  it('a browser page cannot mint links: bearer only, no Origin', async () => {
    const res = await fetch(`${serve.url}/login/links`, { method: 'POST', headers: { origin: serve.url } });
    expect(res.status).toBe(401);
  });
});
