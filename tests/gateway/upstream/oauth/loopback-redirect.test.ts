import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { openLoopbackRedirect, SignInTimeoutError, type LoopbackRedirect } from '../../../../electron/gateway/upstream/oauth/loopback-redirect.js';

let loopback: LoopbackRedirect | undefined;
afterEach(async () => {
  await loopback?.close();
  loopback = undefined;
});

/** Waits for the code with a handler attached at once: the rejection may come while the test still awaits its fetch. */
function wait(l: LoopbackRedirect, timeoutMs = 5_000, signal?: AbortSignal): Promise<string> {
  const waiting = l.waitForCode(timeoutMs, signal);
  waiting.catch(() => undefined);
  return waiting;
}

async function open(): Promise<LoopbackRedirect> {
  loopback = await openLoopbackRedirect();
  return loopback;
}

function callback(l: LoopbackRedirect, params: Record<string, string>): Promise<Response> {
  const url = new URL(l.redirectUrl);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return fetch(url);
}

describe('openLoopbackRedirect', () => {
  it('listens on 127.0.0.1 on an ephemeral port at /callback, with a fresh random state', async () => {
    const l = await open();
    expect(l.redirectUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(l.state).toMatch(/^[\w-]{43}$/);
    const other = await openLoopbackRedirect();
    expect(other.state).not.toBe(l.state);
    expect(other.redirectUrl).not.toBe(l.redirectUrl);
    await other.close();
  });

  it('hands over the code that comes back with the right state', async () => {
    const l = await open();
    const waiting = wait(l);
    const response = await callback(l, { code: 'the-code', state: l.state });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Signed in');
    await expect(waiting).resolves.toBe('the-code');
    expect((await callback(l, { code: 'again', state: l.state })).status).toBe(410);
  });

  it('keeps a code that arrives before anyone waits for it', async () => {
    const l = await open();
    await callback(l, { code: 'early', state: l.state });
    await expect(l.waitForCode(5_000)).resolves.toBe('early');
  });

  it('refuses a wrong state and ends the sign-in', async () => {
    const l = await open();
    const waiting = wait(l);
    const response = await callback(l, { code: 'c', state: 'forged' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('wrong state');
    await expect(waiting).rejects.toThrow(/wrong state parameter/);
  });

  it('reports the authorization server\'s error, HTML-escaped in the page', async () => {
    const l = await open();
    const waiting = wait(l);
    const response = await callback(l, { error: 'access_denied', error_description: '<b>no</b>', state: l.state });
    expect(await response.text()).toContain('&#60;b&#62;no&#60;/b&#62;');
    await expect(waiting).rejects.toThrow('the authorization server refused the sign-in: access_denied (<b>no</b>)');
  });

  it('ignores other paths and foreign Host headers without ending the sign-in', async () => {
    const l = await open();
    const waiting = wait(l);
    expect((await fetch(new URL('/favicon.ico', l.redirectUrl))).status).toBe(404);
    const port = Number(new URL(l.redirectUrl).port);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: `/callback?code=x&state=${l.state}`, headers: { host: `evil.example:${port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(404);
    await callback(l, { code: 'real', state: l.state });
    await expect(waiting).resolves.toBe('real');
  });

  it('times out, and can be cancelled', async () => {
    const l = await open();
    const error = await l.waitForCode(100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInTimeoutError);
    const l2 = await openLoopbackRedirect();
    const controller = new AbortController();
    const waiting = wait(l2, 5_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow('the sign-in was cancelled');
    await l2.close();
  });
});
