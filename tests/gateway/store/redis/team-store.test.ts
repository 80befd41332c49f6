// The shared store of a team: one link, its parts under one namespace, a status with this
// replica's id, and a resync after every reconnect; it starts degraded when Redis is away.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StoreStatus } from '../../../../shared/config.js';
import { TeamStore } from '../../../../electron/gateway/store/redis/team-store.js';
import { describeWithRedis, freePort, startRedis, type TestRedis } from '../../../helpers/redis-server.js';
import { waitFor } from '../../../helpers/wait-for.js';

describeWithRedis('TeamStore (real redis-server)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('opens connected, with this replica\'s id, its keys under the namespace', async () => {
    const store = await TeamStore.open({ url: redis.url, namespace: 'ns1', replica: 'r1', heartbeatMs: 60_000 });
    expect(store.status()).toMatchObject({ kind: 'redis', url: redis.url, state: 'connected', replica: 'r1' });
    await store.pins.reviewed('s', 't', 'h');
    const other = await TeamStore.open({ url: redis.url, namespace: 'ns1', replica: 'r2', heartbeatMs: 60_000 });
    await other.pins.load();
    expect(other.pins.accepted('s', 't')).toBe('h');
    const elsewhere = await TeamStore.open({ url: redis.url, namespace: 'ns2', replica: 'r3', heartbeatMs: 60_000 });
    await elsewhere.pins.load();
    expect(elsewhere.pins.accepted('s', 't')).toBeUndefined();
    await Promise.all([store.close(), other.close(), elsewhere.close()]);
  });

  it('names a replica by host, pid and a random part when none is given', async () => {
    const store = await TeamStore.open({ url: redis.url, heartbeatMs: 60_000 });
    expect(store.replica).toMatch(new RegExp(`-${process.pid}-[0-9a-f]{6}$`));
    await store.close();
  });

  it('tells listeners of an outage and of the reconnect, and resyncs then', async () => {
    const logs: string[] = [];
    const store = await TeamStore.open({ url: redis.url, namespace: 'ns3', replica: 'r1', heartbeatMs: 60_000, maxReconnectDelayMs: 50, commandTimeoutMs: 500, log: (m) => logs.push(m) });
    const statuses: StoreStatus['state'][] = [];
    let reconnects = 0;
    store.onStatus((s) => statuses.push(s.state));
    store.onReconnect(() => reconnects++);
    await redis.stop();
    await waitFor(() => statuses.includes('unreachable'), { what: 'the outage to be reported' });
    // The first 'ready' may land after open() returned (a resync of its own): count from the outage.
    const before = reconnects;
    await redis.start();
    await waitFor(() => reconnects === before + 1, { what: 'the resync after the reconnect' });
    expect(statuses.slice(statuses.indexOf('unreachable'))).toEqual(['unreachable', 'connected']);
    expect(logs.some((m) => /unreachable: .*calls under a limit or an approval fail closed until it is back$/.test(m))).toBe(true);
    await store.close();
  });
});

it('starts degraded when Redis cannot be reached, says so, and masks the password', async () => {
  const port = await freePort();
  const logs: string[] = [];
  const store = await TeamStore.open({ url: `redis://:hunter2@127.0.0.1:${port}`, replica: 'r1', connectWaitMs: 50, heartbeatMs: 60_000, maxReconnectDelayMs: 50, log: (m) => logs.push(m) });
  expect(store.status()).toMatchObject({ state: 'unreachable', url: `redis://:***@127.0.0.1:${port}`, replica: 'r1' });
  expect(logs).toContain(`shared store redis://:***@127.0.0.1:${port} is not reachable yet; starting degraded (calls under a limit or an approval fail closed) and reconnecting`);
  expect(logs.join('\n')).not.toContain('hunter2');
  await store.close();
});
