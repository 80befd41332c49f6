import { expect, it } from 'vitest';
import { runRegexJob } from '../../../electron/gateway/policy/regex-jobs.js';

it('a match job tests the text against the pattern', () => {
  expect(runRegexJob({ kind: 'match', pattern: '^prod-\\d+$', text: 'prod-12' })).toBe(true);
  expect(runRegexJob({ kind: 'match', pattern: '^prod-\\d+$', text: 'dev-12' })).toBe(false);
});

it('a pattern the linear engine refuses is an error naming why', () => {
  expect(() => runRegexJob({ kind: 'match', pattern: '(a)\\1', text: 'aa' })).toThrow(/./);
  expect(() => runRegexJob({ kind: 'match', pattern: '(', text: '' })).toThrow(/./);
});

it('a schema job checks the arguments against the schema, patterns included', () => {
  const schema = { type: 'object', properties: { name: { type: 'string', pattern: '^[a-z]+$' } }, required: ['name'] };
  expect(runRegexJob({ kind: 'schema', schema, args: { name: 'abc' } })).toMatchObject({ ok: true });
  expect(runRegexJob({ kind: 'schema', schema, args: { name: 'ABC' } })).toMatchObject({ ok: false });
  expect(runRegexJob({ kind: 'schema', schema, args: {} })).toMatchObject({ ok: false });
});
