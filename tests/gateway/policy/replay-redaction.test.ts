import { expect, it } from 'vitest';
import { compilePolicy, resolveRule, type CompiledRule } from '../../../electron/gateway/policy/compile.js';
import { alteredPaths, redactedReads } from '../../../electron/gateway/policy/replay-redaction.js';
import { validatePolicy } from '../../../shared/policy/validate.js';

function ruleOf(doc: unknown, tool: string): CompiledRule {
  const result = validatePolicy(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return resolveRule(compilePolicy(result.policy), tool, undefined);
}

it('alteredPaths finds redacted and cut values at any depth, with array indexes', () => {
  const logged = { user: 'ann', password: '[redacted]', nested: { list: ['ok', 'token=[redacted]', { body: 'abc…[truncated 900 chars]' }] } };
  expect(alteredPaths(logged)).toEqual([['password'], ['nested', 'list', 1], ['nested', 'list', 2, 'body']]);
  expect(alteredPaths({ a: 1, b: 'plain', c: null })).toEqual([]);
  expect(alteredPaths(undefined)).toEqual([]);
  expect(alteredPaths('[redacted]')).toEqual([[]]);
});

it("alteredPaths reads a cut object's '…' key as its parent", () => {
  expect(alteredPaths({ big: { a: 1, '…': '[truncated 40 keys]' } })).toEqual([['big']]);
});

it('nothing altered and nothing cut: no reads to report', () => {
  const rule = ruleOf({ version: '1', default: 'deny', tools: { t: { require: [{ path: 'args.user', op: 'eq', value: 'ann' }] } } }, 't');
  expect(redactedReads(rule, [], false)).toEqual([]);
});

it('a condition or an increment_from that reads an altered path is reported; one that does not is not', () => {
  const rule = ruleOf(
    {
      version: '1',
      default: 'deny',
      tools: {
        t: {
          deny_if: [{ path: 'args.headers.token', op: 'exists' }],
          limits: [{ counter: 'spend', window: 'day', max: 100, increment_from: 'args.amount' }],
        },
      },
    },
    't',
  );
  expect(redactedReads(rule, [['headers', 'token'], ['unrelated']], false)).toEqual(['args.headers.token']);
  expect(redactedReads(rule, [['headers']], false)).toEqual(['args.headers']); // a parent of what is read
  expect(redactedReads(rule, [['amount']], false)).toEqual(['args.amount']);
  expect(redactedReads(rule, [['other', 0]], false)).toEqual([]);
});

it('cut arguments: every read not already covered is reported as possibly lost', () => {
  const rule = ruleOf({ version: '1', default: 'deny', tools: { t: { require: [{ path: 'args["a.b"]', op: 'eq', value: 1 }] } } }, 't');
  expect(redactedReads(rule, [], true)).toEqual(['args["a.b"] (arguments cut in the log)']);
});

it('a rule that checks the whole input schema depends on every altered value', () => {
  const rule = ruleOf({ version: '1', default: 'deny', tools: { t: { validate_schema: true } } }, 't');
  expect(redactedReads(rule, [['x'], ['list', 0]], false)).toEqual(['args.x', 'args.list[0]']);
  expect(redactedReads(rule, [], true)).toEqual(['args']);
});
