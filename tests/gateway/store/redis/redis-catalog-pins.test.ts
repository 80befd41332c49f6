// The team's accepted definitions: the first replica's baseline becomes the pin, later ones
// adopt it; a review anywhere reaches every replica.
import { expect, it } from 'vitest';
import { RedisCatalogPins } from '../../../../electron/gateway/store/redis/redis-catalog-pins.js';
import { describeWithRedis, useRedisLinks } from '../../../helpers/redis-server.js';
import { waitFor } from '../../../helpers/wait-for.js';

describeWithRedis('RedisCatalogPins (real redis-server)', () => {
  const redis = useRedisLinks();
  let n = 0;

  async function replica(prefix: string, name: string) {
    const link = await redis.connect();
    const pins = new RedisCatalogPins(link, prefix, name);
    const heard: string[] = [];
    pins.on('pinned', (server, tool, hash) => heard.push(`${server}/${tool}=${hash}`));
    await pins.subscribe();
    return { link, pins, heard };
  }

  it('keeps the first baseline as the team\'s pin; a later replica adopts it', async () => {
    const prefix = `p${++n}:`;
    const a = await replica(prefix, 'a');
    const b = await replica(prefix, 'b');
    await a.pins.baseline('s', 't', 'h1');
    expect(a.pins.accepted('s', 't')).toBe('h1');
    expect(a.heard).toEqual([]);
    await b.pins.baseline('s', 't', 'h2');
    expect(b.pins.accepted('s', 't')).toBe('h1');
    expect(b.heard).toEqual(['s/t=h1']);
  });

  it('sends a review to every other replica, not back to itself', async () => {
    const prefix = `p${++n}:`;
    const a = await replica(prefix, 'a');
    const b = await replica(prefix, 'b');
    await a.pins.reviewed('s', 't', 'h3');
    await waitFor(() => b.heard.length === 1, { what: 'the review to reach b' });
    expect(b.heard).toEqual(['s/t=h3']);
    expect(b.pins.accepted('s', 't')).toBe('h3');
    expect(a.heard).toEqual([]);
  });

  it('loads every pin, names with odd characters included, and ignores fields it cannot read', async () => {
    const prefix = `p${++n}:`;
    const a = await replica(prefix, 'a');
    await a.pins.reviewed('my "server"', 'tool/with:colon', 'h4');
    const b = await replica(prefix, 'b');
    await b.link.run((client) => client.hSet(`${prefix}pins`, 'not json', 'x'));
    await b.pins.load();
    expect(b.pins.accepted('my "server"', 'tool/with:colon')).toBe('h4');
    expect(b.heard).toEqual(['my "server"/tool/with:colon=h4']);
    await b.pins.load();
    expect(b.heard).toHaveLength(1); // an unchanged pin is not heard twice
  });
});
