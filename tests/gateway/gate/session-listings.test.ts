// What each session was shown, by session and server.
import { describe, expect, it } from 'vitest';
import { SessionListings } from '../../../electron/gateway/gate/session-listings.js';

describe('SessionListings', () => {
  it('keeps sessions and servers apart and forgets a session that ended', () => {
    const listings = new SessionListings();
    listings.record(listings.of('s1', 'a'), 'env', 'h1');
    listings.record(listings.of('s2', 'a'), 'env', 'h2');
    expect(listings.find('s1', 'a', 'env')?.hash).toBe('h1');
    expect(listings.find('s2', 'a', 'env')?.hash).toBe('h2');
    expect(listings.find('s1', 'b', 'env')).toBeUndefined();
    listings.end('s1');
    expect(listings.find('s1', 'a', 'env')).toBeUndefined();
    expect(listings.size).toBe(1);
  });

  it('keeps an unchanged entry (and its verdict), replaces one whose definition changed', () => {
    const listings = new SessionListings();
    const tools = listings.of('s1', 'a');
    const first = listings.record(tools, 'env', 'h1');
    first.verdict = { allowed: true };
    expect(listings.record(tools, 'env', 'h1')).toBe(first);
    const changed = listings.record(tools, 'env', 'h2');
    expect(changed).not.toBe(first);
    expect(changed.verdict).toBeUndefined();
  });
});
