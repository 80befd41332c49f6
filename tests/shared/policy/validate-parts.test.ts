// The checks policies (and the policy tests file) are built from: every problem, each with its path.
import { describe, expect, it } from 'vitest';
import { IssueSink, checkEnum, checkLimitList, checkObject, checkPositiveNumber, checkRule, checkStringList, listOr } from '../../../shared/policy/validate-parts.js';

function run(check: (sink: IssueSink) => void) {
  const sink = new IssueSink();
  check(sink);
  return sink;
}
const errorPaths = (check: (sink: IssueSink) => void) => run(check).errors.map((e) => e.path);

describe('small checks', () => {
  it('checkObject reports each unknown key with a suggestion, and a non-object once', () => {
    const sink = run((s) => checkObject(s, 'tools.x', { action: 'deny', reasn: 'r', foo: 1 }, ['action', 'reason'], 'a rule'));
    expect(sink.errors).toEqual([
      { path: 'tools.x.reasn', message: "unknown key 'reasn' (did you mean 'reason'?); allowed here: action, reason" },
      { path: 'tools.x.foo', message: "unknown key 'foo'; allowed here: action, reason" },
    ]);
    expect(run((s) => expect(checkObject(s, 'p', [1], [], 'a rule')).toBeUndefined()).errors).toEqual([{ path: 'p', message: 'expected a rule, got a list' }]);
  });

  it('checkEnum names the choices and a near miss', () => {
    expect(run((s) => checkEnum(s, 'default', 'alow', ['allow', 'deny'])).errors[0]?.message).toBe("expected allow or deny, got 'alow' (did you mean 'allow'?)");
    expect(run((s) => checkEnum(s, 'default', 'deny', ['allow', 'deny'])).errors).toEqual([]);
  });

  it('checkPositiveNumber refuses zero, negatives, non-numbers and, for counts, fractions', () => {
    expect(errorPaths((s) => [0, -1, '3', Number.NaN, Infinity].forEach((v, i) => checkPositiveNumber(s, `v${i}`, v, false)))).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
    expect(run((s) => checkPositiveNumber(s, 'max', 1.5, true)).errors[0]?.message).toBe('expected a whole number of calls, got 1.5');
    expect(run((s) => checkPositiveNumber(s, 'timeout_s', 1.5, false)).errors).toEqual([]);
  });

  it('checkStringList keeps the good items and reports the others by index', () => {
    let good: string[] = [];
    const sink = run((s) => (good = checkStringList(s, 'hide', ['a', 1, '', 'b*'], (item) => (item.endsWith('*') ? 'no stars' : undefined))));
    expect(good).toEqual(['a']);
    expect(sink.errors.map((e) => [e.path, e.message])).toEqual([
      ['hide[1]', 'expected a non-empty string, got 1'],
      ['hide[2]', "expected a non-empty string, got ''"],
      ['hide[3]', 'no stars'],
    ]);
  });

  it('listOr joins with commas and a final or', () => {
    expect([listOr(['a']), listOr(['a', 'b']), listOr(['a', 'b', 'c'])]).toEqual(['a', 'a or b', 'a, b or c']);
  });
});

describe('checkRule', () => {
  it('accepts an empty rule (allow) and a full one', () => {
    expect(run((s) => checkRule(s, 'tools.x', {})).errors).toEqual([]);
    const full = { action: 'approve', reason: 'r', approval: { timeout_s: 30, via: ['client', 'tray'] }, limits: [{ counter: 'c', window: 'hour', max: 5, scope: 'session' }], require: [{ path: 'args.a', op: 'in', value: [1] }], validate_schema: true, mode: 'shadow' };
    expect(run((s) => checkRule(s, 'tools.x', full))).toMatchObject({ errors: [], warnings: [] });
  });

  it('reports every problem in one pass, each at its path', () => {
    const rule = {
      action: 'alow',
      rate_limit: { max: 0 },
      require: [{ path: 'args.a', op: 'regex', value: '(' }, { op: 'lt', value: true }, { path: 'args.b', op: 'in', value: 1 }, { path: 'args.c', op: 'eq' }],
      approval: { via: ['tray', 'tray'] },
      validate_schema: 'yes',
    };
    expect(errorPaths((s) => checkRule(s, 'tools.x', rule))).toEqual([
      'tools.x.action',
      'tools.x.rate_limit.window',
      'tools.x.rate_limit.max',
      'tools.x.require[0].value',
      'tools.x.require[1].path',
      'tools.x.require[1].value',
      'tools.x.require[2].value',
      'tools.x.require[3].value',
      'tools.x.validate_schema',
      'tools.x.approval.via[1]',
    ]);
  });

  it('warns about parts that never apply: limits on a denying rule, approval on a rule that does not approve, reason and on_deny together', () => {
    const sink = run((s) => checkRule(s, 'tools.x', { action: 'deny', limits: [], deny_if: [], approval: {}, reason: 'a', on_deny: 'b' }));
    expect(sink.errors).toEqual([]);
    expect(sink.warnings.map((w) => w.path)).toEqual(['tools.x.on_deny', 'tools.x.approval', 'tools.x.limits', 'tools.x.deny_if']);
  });

  it('lets store_unreachable fail open only for low-risk rules without approval', () => {
    expect(errorPaths((s) => checkRule(s, 'tools.x', { store_unreachable: 'allow' }))).toEqual([]);
    expect(errorPaths((s) => checkRule(s, 'risk.read', { store_unreachable: 'allow' }))).toEqual([]);
    expect(errorPaths((s) => checkRule(s, 'risk.write', { store_unreachable: 'allow' }))).toEqual(['risk.write.store_unreachable']);
    expect(errorPaths((s) => checkRule(s, 'tools.x', { action: 'approve', store_unreachable: 'allow' }))).toEqual(['tools.x.store_unreachable']);
  });
});

describe('checkLimitList', () => {
  it('needs counter, window and max; a fractional max only with increment_from', () => {
    expect(errorPaths((s) => checkLimitList(s, 'limits', [{ max: 2.5 }]))).toEqual(['limits[0].counter', 'limits[0].window', 'limits[0].max']);
    expect(errorPaths((s) => checkLimitList(s, 'limits', [{ counter: 'c', window: 60, max: 2.5, increment_from: 'args.amount' }]))).toEqual([]);
    expect(errorPaths((s) => checkLimitList(s, 'limits', [{ counter: 'c', window: 'minutes', max: 1, scope: 'team' }]))).toEqual(['limits[0].window', 'limits[0].scope']);
    expect(errorPaths((s) => checkLimitList(s, 'limits', { counter: 'c' }))).toEqual(['limits']);
  });
});
