// The base of the window's gateway-backed lists: loads once started (a second start adds no
// second subscription), reloads on the events its subclass names, and a failed load keeps the
// last list and raises a toast instead of emptying the view.
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { ApiEvent, AppInfo } from '../../../shared/api.js';
import type { GrantInfo } from '../../../shared/config.js';
import { app } from '../../../renderer/src/stores/app.svelte.js';
import { GatewayList } from '../../../renderer/src/stores/gateway-list.svelte.js';
import { toasts } from '../../../renderer/src/stores/toasts.svelte.js';
import { fakeClient, type FakeClient } from './fake-client.js';

const INFO: AppInfo = { version: '0.1.0', dataDir: '/tmp/x', url: 'http://127.0.0.1:1', paused: false, host: 'headless' };
const grant = (name: string): GrantInfo => ({ name, createdAt: '2026-12-07T10:00:00.000Z' }) as GrantInfo;
let answer: () => GrantInfo[] = () => [];
let client: FakeClient;

/** The smallest subclass: the gateway's grants, reloaded on grants-changed. */
class Names extends GatewayList<string> {
  protected readonly loadFailure = 'Could not load names';
  /** This instance's loads (every started instance stays subscribed to the one app). */
  fetches = 0;
  protected async fetch(): Promise<string[]> {
    this.fetches += 1;
    return (await app.client.listGrants({})).map((g) => g.name);
  }
  protected onEvent(event: ApiEvent): void {
    if (event.event === 'grants-changed') void this.load();
  }
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeAll(async () => {
  client = fakeClient({ getInfo: () => INFO, listGrants: () => answer() });
  expect(await app.start(client)).toBe(true);
});
beforeEach(() => {
  toasts.list = [];
});

describe('GatewayList', () => {
  test('is empty and not loaded until started, then loads once however often it is started', async () => {
    answer = () => [grant('cursor')];
    const names = new Names();
    expect(names.loaded).toBe(false);
    expect(names.list).toEqual([]);
    names.start();
    names.start();
    await settled();
    expect(names.loaded).toBe(true);
    expect(names.list).toEqual(['cursor']);
    expect(names.fetches).toBe(1);
  });

  test('reloads on the events its subclass names, once each, and on no others', async () => {
    answer = () => [grant('cursor')];
    const names = new Names();
    names.start();
    names.start();
    await settled();
    answer = () => [grant('cursor'), grant('claude')];
    client.emit('servers-changed', {} as never);
    await settled();
    expect(names.fetches).toBe(1);
    client.emit('grants-changed', {} as never);
    await settled();
    expect(names.fetches).toBe(2);
    expect(names.list).toEqual(['cursor', 'claude']);
  });

  test('a failed load keeps the last list and says why in a toast', async () => {
    answer = () => [grant('cursor')];
    const names = new Names();
    names.start();
    await settled();
    answer = () => {
      throw new Error('gateway went away');
    };
    await names.load();
    expect(names.list).toEqual(['cursor']);
    expect(names.loaded).toBe(true);
    expect(toasts.list.map((t) => [t.kind, t.text])).toEqual([['error', 'Could not load names: gateway went away']]);
  });
});
