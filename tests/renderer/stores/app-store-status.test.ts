// The app store keeps team mode's shared-store state current: getInfo().store at start, then
// each store-changed event, without asking the gateway again.
import { beforeAll, describe, expect, test } from 'vitest';
import type { AppInfo } from '../../../shared/api.js';
import type { StoreStatus } from '../../../shared/config.js';
import { app } from '../../../renderer/src/stores/app.svelte.js';
import { fakeClient, type FakeClient } from './fake-client.js';

const CONNECTED: StoreStatus = { kind: 'redis', url: 'redis://:***@10.0.0.5:6379', state: 'connected', since: '2026-12-07T05:41:03.000Z', replica: 'host-1' };
const INFO: AppInfo = { version: '0.1.0', dataDir: '/tmp/x', url: 'http://127.0.0.1:1', paused: false, host: 'headless', store: CONNECTED };
let client: FakeClient;

beforeAll(async () => {
  client = fakeClient({ getInfo: () => INFO });
  expect(await app.start(client)).toBe(true);
});

describe('the shared store in the app store', () => {
  test('starts from getInfo and follows store-changed events', () => {
    expect(app.info?.store).toEqual(CONNECTED);
    const away: StoreStatus = { ...CONNECTED, state: 'unreachable', error: 'Socket closed unexpectedly', since: '2026-12-07T05:45:32.000Z' };
    client.emit('store-changed', away);
    expect(app.info?.store).toEqual(away);
    client.emit('store-changed', CONNECTED);
    expect(app.info?.store).toEqual(CONNECTED);
    expect(client.calls.filter((method) => method === 'getInfo')).toHaveLength(1);
  });

  test('other events leave it alone', () => {
    client.emit('paused-changed', { paused: true });
    expect(app.info?.store).toEqual(CONNECTED);
    expect(app.info?.paused).toBe(true);
  });
});
