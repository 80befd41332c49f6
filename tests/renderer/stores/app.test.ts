// The app store: the one link to the gateway. It subscribes before anything loads, says why
// the gateway cannot be used (refused or unreachable), follows the stream's state, and on a
// resume reads the app info again and tells the other stores to reload.
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { ApiEvent } from '../../../shared/api.js';
import { fakeClient } from './fake-client.js';
import { freshApp, INFO, settled } from './fresh-app.js';

let app: typeof import('../../../renderer/src/stores/app.svelte.js').app;
let ApiError: typeof import('../../../renderer/src/lib/api/api-error.js').ApiError;

beforeEach(async () => {
  vi.resetModules();
  ({ app } = await import('../../../renderer/src/stores/app.svelte.js'));
  ({ ApiError } = await import('../../../renderer/src/lib/api/api-error.js'));
});

describe('starting', () => {
  test('has no client before it starts', () => {
    expect(() => app.client).toThrow(/not started/);
  });

  test('subscribes before asking for the app info, so an event sent meanwhile reaches the handlers', async () => {
    const seen: string[] = [];
    app.on((event) => seen.push(event.event));
    const client = fakeClient({
      getInfo: () => {
        client.emit('servers-changed', { ids: ['odoo'] });
        return INFO;
      },
    });
    expect(await app.start(client)).toBe(true);
    expect(seen).toEqual(['servers-changed']);
    expect(app.info).toEqual(INFO);
    expect(app.fatal).toBeUndefined();
    expect(app.client).toBe(client);
  });

  test('a refused sign-in is fatal as unauthorized; any other failure as unreachable, with its message', async () => {
    expect(await app.start(fakeClient({ getInfo: () => Promise.reject(new ApiError('unauthorized', 'sign in again')) }))).toBe(false);
    expect(app.fatal).toEqual({ kind: 'unauthorized', message: 'sign in again' });
    expect(await app.start(fakeClient({ getInfo: () => Promise.reject(new ApiError('not-found', 'nope')) }))).toBe(false);
    expect(app.fatal).toEqual({ kind: 'unreachable', message: 'nope' });
    expect(await app.start(fakeClient({ getInfo: () => Promise.reject(new Error('connection refused')) }))).toBe(false);
    expect(app.fatal).toEqual({ kind: 'unreachable', message: 'connection refused' });
    // Started again once the gateway answers: the fatal state goes.
    expect(await app.start(fakeClient({ getInfo: () => INFO }))).toBe(true);
    expect(app.fatal).toBeUndefined();
  });
});

describe('live events', () => {
  test('every handler gets every event in order, until it unsubscribes; paused-changed reaches the app info', async () => {
    const { client, app } = await freshApp({});
    const first: ApiEvent[] = [];
    const second: string[] = [];
    const stop = app.on((event) => first.push(event));
    app.on((event) => second.push(event.event));
    client.emit('paused-changed', { paused: true });
    expect(app.info?.paused).toBe(true);
    client.emit('grants-changed', { names: ['cursor'] } as never);
    stop();
    client.emit('paused-changed', { paused: false });
    expect(app.info?.paused).toBe(false);
    expect(first).toEqual([
      { event: 'paused-changed', data: { paused: true } },
      { event: 'grants-changed', data: { names: ['cursor'] } },
    ]);
    expect(second).toEqual(['paused-changed', 'grants-changed', 'paused-changed']);
  });
});

describe('the connection', () => {
  test('follows the stream state; offline while the gateway is stopped or refuses the window', async () => {
    const { client, app } = await freshApp({});
    expect(app.connection).toBe('open');
    expect(app.offline).toBe(false);
    client.connect({ state: 'reconnecting', resumed: false });
    expect(app.offline).toBe(false);
    client.connect({ state: 'unreachable', resumed: false });
    expect(app.offline).toBe(true);
    client.connect({ state: 'signed-out', resumed: false });
    expect(app.offline).toBe(true);
  });

  test('a resume reads the app info again and runs the resume handlers; a plain state change does neither', async () => {
    let paused = false;
    const { client, app } = await freshApp({ getInfo: () => ({ ...INFO, paused }) });
    let resumes = 0;
    const stop = app.onResume(() => resumes++);
    client.connect({ state: 'open', resumed: false });
    await settled();
    expect([client.count('getInfo'), resumes]).toEqual([1, 0]);

    paused = true; // the gateway restarted paused while the stream was down
    client.connect({ state: 'open', resumed: true });
    await settled();
    expect([client.count('getInfo'), resumes]).toEqual([2, 1]);
    expect(app.info?.paused).toBe(true);

    stop();
    client.connect({ state: 'open', resumed: true });
    await settled();
    expect(resumes).toBe(1);
  });

  test('a failed re-read after a resume keeps the last info', async () => {
    let fail = false;
    const { client, app } = await freshApp({ getInfo: () => (fail ? Promise.reject(new Error('down')) : INFO) });
    fail = true;
    client.connect({ state: 'open', resumed: true });
    await settled();
    expect(client.count('getInfo')).toBe(2);
    expect(app.info).toEqual(INFO);
  });
});

test('setPaused asks the gateway and shows its answer', async () => {
  const { client, app } = await freshApp({ setPaused: ({ paused }) => ({ ...INFO, paused }) });
  await app.setPaused(true);
  expect(client.inputs.at(-1)).toEqual(['setPaused', { paused: true }]);
  expect(app.info?.paused).toBe(true);
});
