import { describe, expect, it } from 'vitest';
import { counterKey } from '../../../electron/gateway/policy/counter-store.js';
import { buildRequests, compileLimit, LimitKeyMemo } from '../../../electron/gateway/policy/limits.js';

const perGrant = compileLimit({ counter: 'calls', window: 'minute', max: 10 }, 'all_tools.limits[0]');
const perSession = compileLimit({ counter: 'calls', window: 'minute', max: 10, scope: 'session' }, 'tools.x.limits[0]');
const global = compileLimit({ counter: 'spend', window: 'day', max: 100, scope: 'global', increment_from: 'args.amount' }, 'tools.x.limits[1]');

describe('LimitKeyMemo', () => {
  it('gives each limit the counter key of its scope, the same on every call', () => {
    const memo = new LimitKeyMemo('github');
    const call = { grant: 'Cursor', sessionId: 's1' };
    expect(memo.keysOf(perGrant, call)).toEqual({ scopeKey: 'grant:Cursor', key: counterKey('github', 'calls', 'grant:Cursor') });
    expect(memo.keysOf(perSession, call)).toEqual({ scopeKey: 'session:s1', key: counterKey('github', 'calls', 'session:s1') });
    expect(memo.keysOf(global, call)).toEqual({ scopeKey: 'global', key: counterKey('github', 'spend', 'global') });
    expect(memo.keysOf(perGrant, { grant: 'Cursor', sessionId: 's2' })).toBe(memo.keysOf(perGrant, call));
  });

  it('keeps grants and sessions apart, even one whose name is another one\'s session id', () => {
    const memo = new LimitKeyMemo('github');
    const a = memo.keysOf(perGrant, { grant: 'x', sessionId: 'y' });
    const b = memo.keysOf(perGrant, { grant: 'y', sessionId: 'x' });
    const c = memo.keysOf(perSession, { grant: 'y', sessionId: 'x' });
    expect(new Set([a.key, b.key, c.key]).size).toBe(3);
  });

  it('stays right past its bound, as sessions come and go', () => {
    const memo = new LimitKeyMemo('github');
    for (let i = 0; i < 2_500; i++) {
      expect(memo.keysOf(perSession, { grant: 'g', sessionId: `s${i}` }).key).toBe(counterKey('github', 'calls', `session:s${i}`));
    }
    expect(memo.keysOf(perSession, { grant: 'g', sessionId: 's0' }).key).toBe(counterKey('github', 'calls', 'session:s0'));
  });
});

describe('buildRequests', () => {
  it('makes one request per limit with its amount, and refuses an amount it cannot count', () => {
    const memo = new LimitKeyMemo('github');
    const call = { grant: 'Cursor', sessionId: 's1' };
    const built = buildRequests([perGrant, global], { amount: 2.5 }, call, memo);
    expect(built).toEqual({
      ok: true,
      requests: [
        { key: counterKey('github', 'calls', 'grant:Cursor'), windowMs: 60_000, max: 10, amount: 1, retainMs: 60_000 },
        { key: counterKey('github', 'spend', 'global'), windowMs: 86_400_000, max: 100, amount: 2.5, retainMs: 86_400_000 },
      ],
      scopeKeys: ['grant:Cursor', 'global'],
      amounts: [1, 2.5],
    });
    expect(buildRequests([global], { amount: 'lots' }, call, memo)).toMatchObject({ ok: false, problem: expect.stringContaining('needs a number') });
    expect(buildRequests([global], {}, call, memo)).toMatchObject({ ok: false, problem: expect.stringContaining('is missing') });
  });
});
