import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { RedisLink } from '../../../../electron/gateway/store/redis/redis-link.js';
import { RedisCounterStore, type SharedCounterRequest } from '../../../../electron/gateway/store/redis/redis-counter-store.js';
import { parseRedisUrl } from '../../../../electron/gateway/store/redis/redis-url.js';
import { describeWithRedis, startRedis, type TestRedis } from '../../../helpers/redis-server.js';

describeWithRedis('RedisCounterStore (real redis-server)', () => {
  let redis: TestRedis;
  let link: RedisLink;
  let store: RedisCounterStore;
  let prefix = 0;

  beforeAll(async () => {
    redis = await startRedis();
    link = new RedisLink(parseRedisUrl(redis.url));
    await link.connect();
  });
  afterAll(async () => {
    await link?.close();
    await redis?.close();
  });
  beforeEach(() => {
    store = new RedisCounterStore(link, `t${++prefix}:`);
  });

  const req = (key: string, max: number, amount = 1, windowMs = 60_000, retainMs = windowMs): SharedCounterRequest => ({ key, windowMs, max, amount, retainMs });

  it('admits exactly max calls in a window, then refuses with a retry-after inside the window', async () => {
    for (let i = 1; i <= 3; i++) expect(await store.consume([req('a', 3)], 0)).toEqual({ admitted: true, used: [i] });
    const refused = await store.consume([req('a', 3)], 0);
    expect(refused.admitted).toBe(false);
    if (refused.admitted) return;
    expect(refused.used).toEqual([3]);
    expect(refused.blocked).toEqual([0]);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('checks all limits of a call at once: one that does not fit counts nothing on the others', async () => {
    await store.consume([req('tight', 1)], 0);
    const refused = await store.consume([req('wide', 10), req('tight', 1)], 0);
    expect(refused).toMatchObject({ admitted: false, used: [0, 1], blocked: [1] });
    expect(await store.consume([req('wide', 10)], 0)).toEqual({ admitted: true, used: [1] });
  });

  it('counts increment_from amounts (floats too), and says never when one call needs more than max', async () => {
    expect(await store.consume([req('spend', 100, 60.5)], 0)).toEqual({ admitted: true, used: [60.5] });
    expect(await store.consume([req('spend', 100, 39.5)], 0)).toEqual({ admitted: true, used: [100] });
    expect(await store.consume([req('spend', 100, 0)], 0)).toEqual({ admitted: true, used: [100] });
    expect(await store.consume([req('spend', 100, 0.1)], 0)).toMatchObject({ admitted: false, used: [100] });
    expect(await store.consume([req('other', 5, 6)], 0)).toMatchObject({ admitted: false, retryAfterMs: undefined });
  });

  it('counts a key repeated in one batch once, and a dry run counts nothing', async () => {
    expect(await store.consume([req('k', 5), req('k', 5, 1, 1000, 60_000)], 0)).toEqual({ admitted: true, used: [1, 1] });
    expect(await store.consume([req('k', 5)], 0, { dryRun: true })).toEqual({ admitted: true, used: [2] });
    expect(await store.consume([req('k', 5)], 0)).toEqual({ admitted: true, used: [2] });
  });

  it('frees the budget once the window has passed (an entry stops counting at t + W)', async () => {
    expect(await store.consume([req('short', 1, 1, 300)], 0)).toMatchObject({ admitted: true });
    expect(await store.consume([req('short', 1, 1, 300)], 0)).toMatchObject({ admitted: false });
    await new Promise((r) => setTimeout(r, 350));
    expect(await store.consume([req('short', 1, 1, 300)], 0)).toEqual({ admitted: true, used: [1] });
  });

  it('keeps memory bounded: entries older than the longest window are trimmed and keys expire', async () => {
    for (let i = 0; i < 5; i++) await store.consume([req('trim', 100, 1, 200)], 0);
    await new Promise((r) => setTimeout(r, 250));
    await store.consume([req('trim', 100, 1, 200)], 0);
    const key = `t${prefix}:ctr:trim`;
    expect(await link.client.zCard(key)).toBe(1);
    const ttl = await link.client.pTTL(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(200);
  });

  it('past 64 entries counts from the running total, exactly, and a shorter window on the same counter still sees only its own span', async () => {
    for (let i = 1; i <= 100; i++) expect((await store.consume([req('big', 100, 1, 60_000)], 0)).used).toEqual([i]);
    expect(await store.consume([req('big', 100, 1, 60_000)], 0)).toMatchObject({ admitted: false, used: [100] });
    await new Promise((r) => setTimeout(r, 120));
    // A 100 ms window on the same counter (kept a minute by the other limit) sees none of them.
    expect(await store.consume([req('big', 1000, 1, 100, 60_000)], 0)).toEqual({ admitted: true, used: [1] });
  });

  it('never admits past max under concurrent consumers on separate connections', async () => {
    const links = await Promise.all([0, 1, 2].map(async () => {
      const l = new RedisLink(parseRedisUrl(redis.url));
      await l.connect();
      return l;
    }));
    try {
      const stores = links.map((l) => new RedisCounterStore(l, `t${prefix}:`));
      const results = await Promise.all(Array.from({ length: 60 }, (_, i) => stores[i % 3]!.consume([req('race', 25)], 0)));
      expect(results.filter((r) => r.admitted)).toHaveLength(25);
    } finally {
      await Promise.all(links.map((l) => l.close()));
    }
  });
});

describeWithRedis('RedisCounterStore agrees with the in-memory store', () => {
  it('gives the same admissions, used amounts and blocked limits over a random sequence of batches', async () => {
    const { MemoryCounterStore } = await import('../../../../electron/gateway/policy/memory-counter-store.js');
    const redis = await startRedis();
    const link = new RedisLink(parseRedisUrl(redis.url));
    try {
      await link.connect();
      const shared = new RedisCounterStore(link, 'diff:');
      const memory = new MemoryCounterStore();
      // Hour-long windows: nothing expires during the test, so the two clocks cannot disagree.
      const limits: SharedCounterRequest[] = [
        { key: 'calls', windowMs: 3_600_000, max: 9, amount: 1, retainMs: 3_600_000 },
        { key: 'spend', windowMs: 3_600_000, max: 50, amount: 0, retainMs: 3_600_000 },
        { key: 'both', windowMs: 1_800_000, max: 14, amount: 1, retainMs: 3_600_000 },
      ];
      let seed = 7;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const now = Date.now();
      for (let step = 0; step < 80; step++) {
        const batch = limits.filter(() => random() < 0.6).map((l) => ({ ...l, amount: l.key === 'spend' ? Math.round(random() * 120) / 10 : 1 }));
        if (batch.length === 0) continue;
        const dryRun = random() < 0.1;
        expect(await shared.consume(batch, now, { dryRun }), `step ${step}`).toMatchObject(omitRetry(memory.consume(batch, now, { dryRun })));
      }
    } finally {
      await link.close();
      await redis.close();
    }
  });
});

function omitRetry<T extends object>(result: T): Partial<T> {
  const { retryAfterMs: _ignored, ...rest } = result as T & { retryAfterMs?: number };
  return rest as Partial<T>;
}
