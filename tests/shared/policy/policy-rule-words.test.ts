// One rule in words, read from raw JSON (a draft that does not validate still reads as something).
import { describe, expect, it } from 'vitest';
import {
  ACTION_RANK,
  canonicalJson,
  describeAction,
  describeCondition,
  describeLimit,
  describeRequestRule,
  describeToolRule,
  ruleAction,
  ruleLimits,
  ruleReason,
  ruleTimeout,
  sameJson,
  windowOf,
} from '../../../shared/policy/policy-rule-words.js';

describe('canonicalJson and sameJson', () => {
  it('sort object keys at every depth and drop undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[2,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(sameJson({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });
});

describe('a rule’s facts', () => {
  it('action: a string rule is its action, an object without one allows, nonsense allows', () => {
    expect([ruleAction('deny'), ruleAction({ action: 'approve' }), ruleAction({}), ruleAction('alow'), ruleAction(null)]).toEqual(['deny', 'approve', 'allow', 'allow', 'allow']);
    expect(ACTION_RANK.allow > ACTION_RANK.approve && ACTION_RANK.approve > ACTION_RANK.deny).toBe(true);
  });

  it('timeout: approval.timeout_s, else the default 50 s', () => {
    expect(ruleTimeout({ approval: { timeout_s: 120 } })).toBe(120);
    expect(ruleTimeout({ approval: { timeout_s: '120' } })).toBe(50);
    expect(ruleTimeout('approve')).toBe(50);
  });

  it('reason: reason, else the alias on_deny', () => {
    expect(ruleReason({ reason: 'r', on_deny: 'o' })).toBe('r');
    expect(ruleReason({ on_deny: 'o' })).toBe('o');
    expect(ruleReason('deny')).toBeUndefined();
  });

  it('limits: the list plus the rate_limit shorthand as a limit', () => {
    expect(ruleLimits({ limits: [{ max: 1 }], rate_limit: { max: 2, window: 'minute' } })).toEqual([{ max: 1 }, { counter: '(rate_limit)', max: 2, window: 'minute' }]);
    expect(ruleLimits({ limits: 'nope' })).toEqual([]);
    expect(ruleLimits('allow')).toEqual([]);
  });

  it('window: a unit or positive seconds, else undefined', () => {
    expect([windowOf('hour'), windowOf(90), windowOf(0), windowOf('weekly'), windowOf(null)]).toEqual([3600, 90, undefined, undefined, undefined]);
  });
});

describe('words', () => {
  it('an action', () => {
    expect([describeAction('allow'), describeAction('deny'), describeAction('approve'), describeAction('approve', 120)]).toEqual([
      'allowed',
      'denied',
      'asks for approval (times out after 50 s)',
      'asks for approval (times out after 120 s)',
    ]);
  });

  it('a limit, with its amount, window and scope', () => {
    expect(describeLimit({ max: 60, window: 'minute' })).toBe('at most 60 a minute');
    expect(describeLimit({ max: 500, window: 'day', increment_from: 'args.amount', scope: 'session' })).toBe('at most 500 of args.amount a day per session');
    expect(describeLimit({ max: 5, window: 90, scope: 'global' })).toBe('at most 5 per 90 s for all clients together');
    expect(describeLimit({ max: 5, window: 'fortnight', scope: 'team' })).toBe('at most 5 per "fortnight" per team');
    expect(describeLimit('ten')).toBe('a limit "ten"');
  });

  it('a condition', () => {
    expect(describeCondition({ path: 'args.mode', op: 'eq', value: 'read' })).toBe('args.mode = "read"');
    expect(describeCondition({ path: 'args.n', op: 'lte', value: 3 })).toBe('args.n ≤ 3');
    expect(describeCondition({ path: 'args.p', op: 'regex', value: '^/tmp/' })).toBe('args.p matches /^/tmp//');
    expect(describeCondition({ path: 'args.force', op: 'exists', value: false })).toBe('args.force is absent');
    expect(describeCondition({ path: 'args.force', op: 'exists' })).toBe('args.force is present');
    expect(describeCondition({ path: 'args.x', op: 'near', value: 1 })).toBe('args.x near 1');
  });

  it('a tool rule: a denying rule is just denied, others list limits, conditions and schema checks', () => {
    expect(describeToolRule({ action: 'deny', limits: [{ max: 1, window: 'day' }] })).toBe('denied');
    expect(
      describeToolRule({
        rate_limit: { max: 60, window: 'minute' },
        require: [{ path: 'args.mode', op: 'eq', value: 'read' }, { path: 'args.n', op: 'lt', value: 5 }],
        deny_if: [{ path: 'args.a', op: 'gt', value: 1 }, { path: 'args.b', op: 'eq', value: 2 }],
        validate_schema: true,
      }),
    ).toBe('allowed, at most 60 a minute, only if args.mode = "read" and args.n < 5 (otherwise denied), denied if args.a > 1 or args.b = 2, arguments checked against its schema');
    expect(describeToolRule({ action: 'approve', approval: { timeout_s: 10 }, validate_schema: false })).toBe('asks for approval (times out after 10 s), arguments not checked against its schema');
  });

  it('a request rule: only its action', () => {
    expect(describeRequestRule({ action: 'approve', limits: [{ max: 1 }] })).toBe('asks for approval (times out after 50 s)');
    expect(describeRequestRule('deny')).toBe('denied');
  });
});
