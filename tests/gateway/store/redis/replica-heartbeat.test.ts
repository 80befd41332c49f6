// Each replica renews a key that expires without it: peers read who is alive from those keys.
import { beforeAll, expect, it } from 'vitest';
import { RedisLink } from '../../../../electron/gateway/store/redis/redis-link.js';
import { parseRedisUrl } from '../../../../electron/gateway/store/redis/redis-url.js';
import { ReplicaHeartbeat } from '../../../../electron/gateway/store/redis/replica-heartbeat.js';
import { describeWithRedis, useRedisLinks } from '../../../helpers/redis-server.js';
import { waitFor } from '../../../helpers/wait-for.js';

describeWithRedis('ReplicaHeartbeat (real redis-server)', () => {
  const redis = useRedisLinks();
  let link: RedisLink;
  beforeAll(async () => {
    link = await redis.connect();
  });

  it('beats at once with a TTL of three intervals by default, and says who is alive', async () => {
    let beats = 0;
    const a = new ReplicaHeartbeat(link, 'hb1:', 'a', { intervalMs: 60_000, onBeat: () => beats++ });
    expect(a.ttlMs).toBe(180_000);
    expect(a.keyOf('b')).toBe('hb1:replica:b');
    a.start();
    await waitFor(() => beats === 1, { what: 'the first beat' });
    const ttl = await link.run((client) => client.pTTL('hb1:replica:a'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(180_000);
    expect(await a.alive(['a', 'b'])).toEqual(new Set(['a']));
    expect(await a.alive([])).toEqual(new Set());
    await a.stop();
    expect(await a.alive(['a'])).toEqual(new Set());
  });

  it('counts a replica whose key expired as gone', async () => {
    let beats = 0;
    const a = new ReplicaHeartbeat(link, 'hb2:', 'a', { intervalMs: 60_000, ttlMs: 1, onBeat: () => beats++ });
    a.start();
    await waitFor(() => beats === 1, { what: 'the first beat' });
    await waitFor(async () => (await a.alive(['a'])).size === 0, { what: 'the key to expire' });
    await a.stop();
  });

  it('still calls onBeat after a beat that could not reach Redis', async () => {
    const closed = new RedisLink(parseRedisUrl(redis.redis.url));
    let beats = 0;
    const a = new ReplicaHeartbeat(closed, 'hb3:', 'a', { intervalMs: 60_000, onBeat: () => beats++ });
    a.start();
    await waitFor(() => beats === 1, { what: 'the failed beat to be reported' });
    await a.stop();
  });
});
