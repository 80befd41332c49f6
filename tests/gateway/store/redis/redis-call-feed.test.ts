// The team's live call log: each replica appends its own events to one stream and hears the
// others', never its own; appending never waits and never fails a call.
import { afterAll, expect, it } from 'vitest';
import type { CallLogEvent } from '../../../../shared/calls.js';
import { RedisCallFeed } from '../../../../electron/gateway/store/redis/redis-call-feed.js';
import { describeWithRedis, useRedisLinks } from '../../../helpers/redis-server.js';
import { waitFor } from '../../../helpers/wait-for.js';

const started = (id: string) => ({ type: 'callStarted', call: { id } }) as unknown as CallLogEvent;
const idOf = (event: CallLogEvent) => (event.type === 'callStarted' ? (event.call as { id: string }).id : 'finished');

describeWithRedis('RedisCallFeed (real redis-server)', () => {
  const redis = useRedisLinks();
  const feeds: RedisCallFeed[] = [];
  afterAll(async () => {
    await Promise.all(feeds.map((f) => f.close()));
  });

  async function replica(prefix: string, name: string) {
    const link = await redis.connect();
    const feed = new RedisCallFeed(link, prefix, name);
    feeds.push(feed);
    const heard: string[] = [];
    feed.on('event', (e) => heard.push(idOf(e)));
    await feed.start();
    return { link, feed, heard };
  }

  it('delivers one replica\'s events to the others in order, not back to itself, skipping unreadable entries', async () => {
    const a = await replica('f1:', 'a');
    const b = await replica('f1:', 'b');
    a.feed.publish(started('1'));
    await a.link.run((c) => c.xAdd('f1:calls', '*', { r: 'a', e: '{ not json' }));
    a.feed.publish(started('2'));
    b.feed.publish(started('from-b'));
    await waitFor(() => b.heard.length === 2 && a.heard.length === 1, { what: 'both replicas to hear the other' });
    expect(b.heard).toEqual(['1', '2']);
    expect(a.heard).toEqual(['from-b']);
  });

  it('reads only what was appended after it started', async () => {
    const a = await replica('f2:', 'a');
    a.feed.publish(started('before'));
    await waitFor(async () => (await a.link.run((c) => c.xLen('f2:calls'))) === 1, { what: 'the entry to be stored' });
    const b = await replica('f2:', 'b');
    a.feed.publish(started('after'));
    await waitFor(() => b.heard.length === 1, { what: 'b to hear the new entry' });
    expect(b.heard).toEqual(['after']);
  });

});
