// The Lua check-and-count run straight on Redis (EVAL), its own contract apart from the
// store around it: the reply's shape, a dry run that counts nothing, all-or-nothing
// counting, a key repeated in one batch counted once, and keys that expire with the window.
import { beforeAll, expect, it } from 'vitest';
import { RedisLink } from '../../../../electron/gateway/store/redis/redis-link.js';
import { SLIDING_WINDOW_SCRIPT } from '../../../../electron/gateway/store/redis/sliding-window-script.js';
import { describeWithRedis, useRedisLinks } from '../../../helpers/redis-server.js';

type Reply = [number, string[], number[], string, number | string];
interface Req { key: string; windowMs: number; max: number; amount: number }

describeWithRedis('SLIDING_WINDOW_SCRIPT (real redis-server, EVAL)', () => {
  const redis = useRedisLinks();
  let link: RedisLink;
  beforeAll(async () => {
    link = await redis.connect();
  });

  const run = (dryRun: boolean, requests: Req[]): Promise<Reply> => {
    const keys = requests.flatMap((r) => [`ctr:${r.key}`, `meta:${r.key}`]);
    const args = [dryRun ? '1' : '0', ...requests.flatMap((r) => [String(r.windowMs), String(r.max), String(r.amount), String(r.windowMs)])];
    return link.run((c) => c.sendCommand(['EVAL', SLIDING_WINDOW_SCRIPT, String(keys.length), ...keys, ...args])) as Promise<Reply>;
  };
  const req = (key: string, max: number, amount = 1): Req => ({ key, windowMs: 60_000, max, amount });

  it('admits and counts, replying admitted, the used amounts, nothing blocked and Redis\'s time', async () => {
    const [admitted, used, blocked, retry, now] = await run(false, [req('a', 2)]);
    expect(admitted).toBe(1);
    expect(used).toEqual(['1']);
    expect(blocked).toEqual([]);
    expect(retry).toBe('0');
    expect(Number(now)).toBeGreaterThan(Date.parse('2020-01-01'));
  });

  it('counts nothing on a dry run', async () => {
    await run(false, [req('b', 5)]);
    expect((await run(true, [req('b', 5)]))[1]).toEqual(['2']);
    expect((await run(true, [req('b', 5)]))[1]).toEqual(['2']);
    expect((await run(false, [req('b', 5)]))[1]).toEqual(['2']);
  });

  it('counts all limits or none: a refusal names the blocked one (1-based) with a retry time inside the window', async () => {
    await run(false, [req('tight', 1)]);
    const [admitted, , blocked, retry] = await run(false, [req('loose', 10), req('tight', 1)]);
    expect(admitted).toBe(0);
    expect(blocked).toEqual([2]);
    expect(Number(retry)).toBeGreaterThan(0);
    expect(Number(retry)).toBeLessThanOrEqual(60_000);
    expect((await run(true, [req('loose', 10)]))[1]).toEqual(['1']); // only the dry-run's own amount
  });

  it('counts a key repeated in one batch once', async () => {
    await run(false, [req('twice', 5), req('twice', 5)]);
    expect((await run(true, [req('twice', 5)]))[1]).toEqual(['2']);
  });

  it('sets both keys to expire with the window', async () => {
    await run(false, [req('ttl', 5)]);
    for (const key of ['ctr:ttl', 'meta:ttl']) {
      const ttl = await link.run((c) => c.pTTL(key));
      expect(ttl, key).toBeGreaterThan(0);
      expect(ttl, key).toBeLessThanOrEqual(60_000);
    }
  });
});
