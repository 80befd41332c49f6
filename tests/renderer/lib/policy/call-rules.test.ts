import { describe, expect, it } from 'vitest';
import { describePolicyChanges } from '../../../../shared/policy/policy-change-words.js';
import { validatePolicy } from '../../../../shared/policy/validate.js';
import { allowCallsLike, allowTool, conditionsFromArguments } from '../../../../renderer/src/lib/policy/call-rules.js';
import { getAt, type JsonObject } from '../../../../renderer/src/lib/policy/policy-draft.js';

const base = (): JsonObject => ({ version: '1', default: 'deny' });

describe('rules drafted from a call', () => {
  it('conditions: exact values for scalars and lists, objects walked, odd keys quoted', () => {
    expect(conditionsFromArguments({ name: 'HOME', n: 3, flag: false, none: null, tags: ['a', 'b'], opts: { depth: 2, 'a.b': 'x' } })).toEqual([
      { path: 'args.name', op: 'eq', value: 'HOME' },
      { path: 'args.n', op: 'eq', value: 3 },
      { path: 'args.flag', op: 'eq', value: false },
      { path: 'args.none', op: 'eq', value: null },
      { path: 'args.tags', op: 'eq', value: ['a', 'b'] },
      { path: 'args.opts.depth', op: 'eq', value: 2 },
      { path: 'args.opts["a.b"]', op: 'eq', value: 'x' },
    ]);
    expect(conditionsFromArguments(undefined)).toEqual([]);
  });

  it('never writes a secret into the policy: secret paths and redacted values only have to exist', () => {
    expect(conditionsFromArguments({ conn: { password: 'hunter2', host: 'db' }, token: 'Bearer [redacted]' }, [['conn', 'password']])).toEqual([
      { path: 'args.conn.password', op: 'exists' },
      { path: 'args.conn.host', op: 'eq', value: 'db' },
      { path: 'args.token', op: 'exists' },
    ]);
  });

  it('Allow calls like this one: a valid rule that allows exactly these arguments, keeping reason and limits', () => {
    const doc: JsonObject = {
      ...base(),
      hide: ['get-env'],
      tools: { 'get-env': { action: 'deny', reason: 'env is private', limits: [{ counter: 'env', window: 'minute', max: 5 }], deny_if: [{ path: 'args.name', op: 'exists' }] } },
    };
    const next = allowCallsLike(doc, 'get-env', { name: 'HOME' });
    expect(getAt(next, ['tools', 'get-env'])).toEqual({
      reason: 'env is private',
      limits: [{ counter: 'env', window: 'minute', max: 5 }],
      require: [{ path: 'args.name', op: 'eq', value: 'HOME' }],
    });
    expect(next.hide).toBeUndefined();
    expect(validatePolicy(next).ok).toBe(true);
    expect(describePolicyChanges(doc, next).map((c) => c.text)).toContain('get-env: denied → allowed, at most 5 a minute, only if args.name = "HOME" (otherwise denied)');
  });

  it('Allow this tool: unhides it and keeps its reason', () => {
    const next = allowTool({ ...base(), hide: ['x'], tools: { x: { action: 'deny', reason: 'r' } } }, 'x');
    expect(next).toEqual({ ...base(), tools: { x: { reason: 'r' } } });
  });
});
