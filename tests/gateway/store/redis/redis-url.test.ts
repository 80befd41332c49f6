// `--store redis://host:port[/db]`: checked once, and its password never shown.
import { describe, expect, it } from 'vitest';
import { maskRedisUrl, parseRedisUrl } from '../../../../electron/gateway/store/redis/redis-url.js';

describe('parseRedisUrl', () => {
  it('reads the database number, 0 by default, keeping the URL to connect with and a masked one to show', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379')).toEqual({ url: 'redis://127.0.0.1:6379', shown: 'redis://127.0.0.1:6379', db: 0 });
    expect(parseRedisUrl('rediss://:s3cret@redis.example:6380/4')).toEqual({ url: 'rediss://:s3cret@redis.example:6380/4', shown: 'rediss://:***@redis.example:6380/4', db: 4 });
  });

  it('refuses what is not a Redis URL, naming it masked', () => {
    expect(() => parseRedisUrl('localhost:6379')).toThrow("store 'localhost:6379' is not a Redis URL");
    expect(() => parseRedisUrl('no url')).toThrow("store 'no url' is not a URL; use redis://host:port[/db]");
    expect(() => parseRedisUrl('http://user:pw@host')).toThrow(/is not a Redis URL/);
    expect(() => parseRedisUrl('redis://')).toThrow("store 'redis://' names no host");
    expect(() => parseRedisUrl('redis://:pw@host/x')).toThrow("store 'redis://:***@host/x': '/x' is not a database number");
    expect(() => parseRedisUrl('redis://:pw@host/1.5')).toThrow(/'\/1.5' is not a database number/);
    expect(() => parseRedisUrl('redis://host/-1')).toThrow(/'\/-1' is not a database number/);
  });
});

describe('maskRedisUrl', () => {
  it.each([
    ['redis://:pw@h:1', 'redis://:***@h:1'],
    ['redis://user:pw@h:1/2', 'redis://user:***@h:1/2'],
    ['REDISS://token@h', 'REDISS://***@h'],
    ['redis://h:1/0', 'redis://h:1/0'],
    ['redis://h/path@x', 'redis://h/path@x'],
  ])('%s → %s', (url, shown) => {
    expect(maskRedisUrl(url)).toBe(shown);
  });
});
