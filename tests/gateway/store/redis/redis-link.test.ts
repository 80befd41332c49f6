// The link to Redis: its state (connected, or unreachable with the error, password masked),
// one event per change of state, commands refused at once while Redis is away, and a clear
// error when Redis cannot be reached at start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreState } from '../../../../electron/gateway/store/redis/redis-link.js';
import { RedisLink, StoreUnavailableError } from '../../../../electron/gateway/store/redis/redis-link.js';
import { parseRedisUrl } from '../../../../electron/gateway/store/redis/redis-url.js';
import { describeWithRedis, freePort, startRedis, type TestRedis } from '../../../helpers/redis-server.js';
import { waitFor } from '../../../helpers/wait-for.js';

describe('RedisLink without a server', () => {
  it('stays unreachable while it keeps trying, refuses commands at once with the store named (password masked)', async () => {
    const port = await freePort();
    const link = new RedisLink(parseRedisUrl(`redis://:hunter2@127.0.0.1:${port}`), { maxReconnectDelayMs: 50 });
    // Connecting keeps retrying (the team store starts degraded meanwhile); closing ends it with the clear error.
    const connecting = link.connect().then(() => undefined, (e: unknown) => e);
    expect(link.connected).toBe(false);
    expect(link.state).toMatchObject({ kind: 'redis', state: 'unreachable', url: `redis://:***@127.0.0.1:${port}` });
    const refused = await link.run((client) => client.ping()).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreUnavailableError);
    expect((refused as StoreUnavailableError).code).toBe('store-unavailable');
    expect((refused as Error).message).toMatch(new RegExp(`^the shared store redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port} is unreachable \\(`));
    await link.close();
    const error = await connecting;
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(`${(error as Error).message} ${JSON.stringify(link.state)}`).not.toContain('hunter2');
  });
});

describeWithRedis('RedisLink (real redis-server)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('is connected once up, runs commands, and lets a data error through as it is', async () => {
    const link = new RedisLink(parseRedisUrl(redis.url));
    const states: StoreState['state'][] = [];
    link.on('state', (s) => states.push(s.state));
    await link.connect();
    await waitFor(() => link.connected, { what: 'the link to be ready' });
    expect(states).toEqual(['connected']);
    expect(await link.run((client) => client.ping())).toBe('PONG');
    await link.run((client) => client.set('k', 'text'));
    const error = await link.run((client) => client.incr('k')).then(() => undefined, (e: unknown) => e);
    expect(error).not.toBeInstanceOf(StoreUnavailableError);
    expect(link.connected).toBe(true);
    await link.close();
  });

  it('goes unreachable when Redis stops (one event, not one per retry), refuses commands at once, and recovers', async () => {
    const link = new RedisLink(parseRedisUrl(redis.url), { maxReconnectDelayMs: 50, commandTimeoutMs: 500 });
    await link.connect();
    await waitFor(() => link.connected, { what: 'the link to be ready' });
    const states: StoreState[] = [];
    link.on('state', (s) => states.push(s));
    await redis.stop();
    await waitFor(() => !link.connected, { what: 'the link to notice the outage' });
    await expect(link.run((client) => client.ping())).rejects.toThrow(/the shared store redis:\/\/127\.0\.0\.1:\d+ is unreachable/);
    await redis.start();
    await waitFor(() => link.connected, { what: 'the link to reconnect' });
    expect(states.map((s) => s.state)).toEqual(['unreachable', 'connected']);
    expect(states[0]!.error).toBeTruthy();
    expect(states[1]!.error).toBeUndefined();
    await link.close();
  });
});
