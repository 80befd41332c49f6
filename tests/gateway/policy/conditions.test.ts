import { describe, expect, it } from 'vitest';
import { compileCondition, describeCondition, evaluateCondition } from '../../../electron/gateway/policy/conditions.js';
import { sharedRegexRunner } from '../../../electron/gateway/policy/regex-runner.js';
import { INLINE_MATCH_BUDGET, MAX_REGEX_INPUT } from '../../../shared/policy/linear-regex.js';
import type { ConditionOp } from '../../../shared/policy/types.js';

async function evaluate(op: ConditionOp, value: unknown, args: Record<string, unknown>, path = 'args.v'): Promise<string> {
  const condition = compileCondition(value === undefined ? { path, op } : { path, op, value }, 'tools.t.require[0]');
  return (await evaluateCondition(condition, args)).outcome;
}

describe('condition operators', () => {
  it.each([
    // op, value, argument, outcome
    ['eq', 'prod', 'prod', 'true'],
    ['eq', 'prod', 'dev', 'false'],
    ['eq', 5, '5', 'false'], // exact JSON equality, no coercion
    ['eq', { a: [1, 2] }, { a: [1, 2] }, 'true'],
    ['eq', null, null, 'true'],
    ['eq', 'x', undefined, 'false'],
    ['neq', 'prod', 'dev', 'true'],
    ['neq', 'prod', 'prod', 'false'],
    ['neq', 'prod', undefined, 'true'],
    ['in', ['a', 'b'], 'b', 'true'],
    ['in', ['a', 'b'], 'c', 'false'],
    ['in', [1, 2], undefined, 'false'],
    ['not_in', ['a', 'b'], 'c', 'true'],
    ['not_in', ['a', 'b'], 'a', 'false'],
    ['not_in', ['a'], undefined, 'true'],
    ['lt', 10, 9, 'true'],
    ['lt', 10, 10, 'false'],
    ['lte', 10, 10, 'true'],
    ['lte', 10, 11, 'false'],
    ['gt', 10000, 20000, 'true'],
    ['gt', 10000, '20000', 'true'], // numeric strings count as numbers
    ['gt', 10000, 5, 'false'],
    ['gte', 1, 1, 'true'],
    ['gte', 1, 0.5, 'false'],
    ['gt', 10, undefined, 'false'],
    ['gt', 10000, 'lots', 'unknown'], // cannot compare: denies in require and deny_if
    ['gt', 10000, { n: 1 }, 'unknown'],
    ['lt', '2026-01-01', '2025-12-31', 'true'],
    ['lt', '2026-01-01', 5, 'unknown'],
    ['regex', '^prod-', 'prod-db', 'true'],
    ['regex', '^prod-', 'dev-db', 'false'],
    ['regex', '(?i)^PROD', 'production', 'true'],
    ['regex', '^\\d+$', 42, 'true'],
    ['regex', '.', undefined, 'false'],
    ['regex', '.', { a: 1 }, 'unknown'],
    ['contains', 'DROP', 'x; DROP TABLE', 'true'],
    ['contains', 'DROP', 'select', 'false'],
    ['contains', 'admin', ['user', 'admin'], 'true'],
    ['contains', { id: 1 }, [{ id: 1 }], 'true'],
    ['contains', 'admin', ['user'], 'false'],
    ['contains', 'x', undefined, 'false'],
    ['contains', 'x', 5, 'unknown'],
    ['exists', undefined, 'anything', 'true'],
    ['exists', undefined, 0, 'true'],
    ['exists', undefined, null, 'false'],
    ['exists', undefined, undefined, 'false'],
    ['exists', true, undefined, 'false'],
    ['exists', false, undefined, 'true'],
    ['exists', false, 'x', 'false'],
  ] as [ConditionOp, unknown, unknown, string][])('%s %j with %j → %s', async (op, value, actual, outcome) => {
    expect(await evaluate(op, value, actual === undefined ? {} : { v: actual })).toBe(outcome);
  });

  it('matches regexes in linear time: catastrophic patterns on long input return (a backtracking engine never would)', async () => {
    const evil = `${'a'.repeat(10_000)}!`;
    expect(await evaluate('regex', '^(\\w+\\s?)*$', { v: evil })).toBe('false');
    expect(await evaluate('regex', '(a+)+$', { v: evil })).toBe('false');
    expect(await evaluate('regex', '^(\\w+\\s?)*$', { v: 'two words' })).toBe('true');
  });

  it(`does not match a string longer than ${MAX_REGEX_INPUT} characters: unknown, so the call is denied`, async () => {
    const condition = compileCondition({ path: 'args.q', op: 'regex', value: '^[a-z]+$' }, 'tools.t.deny_if[0]');
    expect(await evaluateCondition(condition, { q: 'a'.repeat(MAX_REGEX_INPUT) })).toEqual({ outcome: 'true' });
    expect(await evaluateCondition(condition, { q: 'a'.repeat(MAX_REGEX_INPUT + 1) })).toEqual({
      outcome: 'unknown',
      why: 'args.q is 65,537 characters long, more than the 65,536 a regular expression is matched against',
    });
  });

  it('matches inline while length × program size is within the budget, and in the regex worker past it', async () => {
    const condition = compileCondition({ path: 'args.q', op: 'regex', value: '^[a-z]+$' }, 'tools.t.require[0]');
    const size = (condition.regex as { programSize(): number }).programSize();
    const fits = 'a'.repeat(Math.floor(INLINE_MATCH_BUDGET / size));
    const before = sharedRegexRunner().dispatched;
    const inline = evaluateCondition(condition, { q: fits });
    expect(inline).toEqual({ outcome: 'true' }); // an answer, not a promise
    expect(sharedRegexRunner().dispatched).toBe(before);
    const offloaded = evaluateCondition(condition, { q: `${fits}a!` });
    expect(offloaded).toBeInstanceOf(Promise);
    expect(await offloaded).toEqual({ outcome: 'false' });
    expect(sharedRegexRunner().dispatched).toBe(before + 1);
  });

  it('refuses a regex the linear-time engine cannot run, naming the rule', async () => {
    expect(() => compileCondition({ path: 'args.q', op: 'regex', value: '^(?!admin)' }, 'tools.t.require[0]')).toThrow(
      /^tools\.t\.require\[0\]\.value: invalid regular expression "\^\(\?!admin\)": a lookahead/,
    );
  });

  it('follows nested paths and array indexes', async () => {
    const args = { order: { lines: [{ price: 5 }, { price: 500 }] } };
    expect(await evaluate('gt', 100, args, 'args.order.lines[1].price')).toBe('true');
    expect(await evaluate('gt', 100, args, 'args.order.lines[0].price')).toBe('false');
    expect(await evaluate('exists', undefined, args, 'args.order.lines[2]')).toBe('false');
  });

  it('describes itself in words', async () => {
    const c = compileCondition({ path: 'args.pipeline', op: 'in', value: ['tokenize', 'refresh'] }, 'tools.t.require[0]');
    expect(describeCondition(c)).toBe('args.pipeline is one of ["tokenize","refresh"]');
    expect(await evaluateCondition(compileCondition({ path: 'args.n', op: 'lt', value: 3 }, 'x'), { n: 'many' })).toEqual({
      outcome: 'unknown',
      why: 'args.n is "many", not a number to compare with 3',
    });
  });
});
