import { expect, it } from 'vitest';
import { WINDOW_TOKEN_PREFIX, WindowTokens } from '../../../electron/gateway/auth/window-tokens.js';

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

it('issues a prefixed, unguessable token that finds its grant', () => {
  const tokens = new WindowTokens(clock().now);
  const a = tokens.issue('claude', 60_000);
  const b = tokens.issue('claude', 60_000);
  expect(a.startsWith(WINDOW_TOKEN_PREFIX)).toBe(true);
  expect(a.length).toBeGreaterThanOrEqual(WINDOW_TOKEN_PREFIX.length + 43); // 32 random bytes, base64url
  expect(a).not.toBe(b);
  expect(tokens.find(a)).toBe('claude');
});

it('an unknown or altered token finds nothing', () => {
  const tokens = new WindowTokens(clock().now);
  const token = tokens.issue('cursor', 60_000);
  expect(tokens.find('pcw_nope')).toBeUndefined();
  expect(tokens.find(token.slice(0, -1))).toBeUndefined();
});

it('a token lives until its time-to-live is up, then is gone', () => {
  const time = clock();
  const tokens = new WindowTokens(time.now);
  const token = tokens.issue('claude', 5_000);
  time.advance(4_999);
  expect(tokens.find(token)).toBe('claude');
  time.advance(1);
  expect(tokens.find(token)).toBeUndefined();
  time.advance(-10_000); // even if the clock goes back, the expired token was forgotten
  expect(tokens.find(token)).toBeUndefined();
});

it('revoke withdraws one token and leaves the others', () => {
  const tokens = new WindowTokens(clock().now);
  const a = tokens.issue('claude', 60_000);
  const b = tokens.issue('cursor', 60_000);
  tokens.revoke(a);
  tokens.revoke('pcw_unknown'); // no error
  expect(tokens.find(a)).toBeUndefined();
  expect(tokens.find(b)).toBe('cursor');
});
