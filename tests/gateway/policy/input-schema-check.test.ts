import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { InputSchemaChecker } from '../../../electron/gateway/policy/input-schema-check.js';
import { REGEX_DEADLINE_MS, RegexRunner, spawnRegexWorker } from '../../../electron/gateway/policy/regex-runner.js';
import { INLINE_MATCH_BUDGET, MAX_REGEX_INPUT } from '../../../shared/policy/linear-regex.js';

describe('InputSchemaChecker', () => {
  it('checks draft-07 and 2020-12 schemas, ignoring unknown keywords and formats', async () => {
    const checker = new InputSchemaChecker();
    const draft7 = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { url: { type: 'string', format: 'uri', 'x-ui': 1 } } };
    expect(await checker.check(draft7, { url: 'not a url, formats are off' })).toEqual({ ok: true });
    expect(await checker.check(draft7, { url: 5 })).toEqual({ ok: false, problems: ['args.url must be string'] });
    // 2020-12 semantics: prefixItems for the first, items for the rest (draft-07 would apply items to all)
    const modern = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { list: { type: 'array', prefixItems: [{ type: 'integer' }], items: { type: 'string' } } } };
    expect(await checker.check(modern, { list: [1, 'x'] })).toEqual({ ok: true });
    expect(await checker.check(modern, { list: [1, 2] })).toEqual({ ok: false, problems: ['args.list[1] must be string'] });
    const old = { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', required: ['a'] };
    expect(await checker.check(old, {})).toEqual({ ok: false, problems: ["args must have required property 'a'"] });
  });

  it('compiles each distinct schema once', async () => {
    const checker = new InputSchemaChecker();
    const schema = { type: 'object', properties: { a: { type: 'number' } } };
    for (let i = 0; i < 10; i++) checker.check(structuredClone(schema), { a: i });
    checker.check({ type: 'object', properties: { b: { type: 'number' } } }, {});
    expect(checker.compiledCount).toBe(2);
  });

  it('fails closed on a schema that cannot be compiled', async () => {
    const checker = new InputSchemaChecker();
    const result = await checker.check({ type: 'object', properties: { a: { type: 'no-such-type' } } }, {});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatch(/^the tool's input schema cannot be used/);
  });

  describe('patterns run on the linear-time engine', () => {
    const evil = `${'a'.repeat(10_000)}!`;

    it('pattern, patternProperties and propertyNames: catastrophic patterns on long input return, with the same verdicts', async () => {
      const checker = new InputSchemaChecker();
      const schema = {
        type: 'object',
        properties: { word: { type: 'string', pattern: '^(\\w+\\s?)*$' } },
        patternProperties: { '^(a+)+$': { type: 'number' } },
      };
      expect(await checker.check(schema, { word: 'two words' })).toEqual({ ok: true });
      expect(await checker.check(schema, { word: evil })).toEqual({ ok: false, problems: ['args.word must match pattern "^(\\w+\\s?)*$"'] });
      expect(await checker.check(schema, { aaa: 1 })).toEqual({ ok: true });
      expect(await checker.check(schema, { aaa: 'x' })).toEqual({ ok: false, problems: ['args.aaa must be number'] });
      expect(await checker.check(schema, { [evil]: 'x' })).toEqual({ ok: true }); // no match: the key is not governed by that pattern
      const names = { type: 'object', propertyNames: { pattern: '^(\\w+\\s?)*$' } };
      expect((await checker.check(names, { [evil]: 1 })).ok).toBe(false);
      expect(await checker.check(names, { ok_name: 1 })).toEqual({ ok: true });
    });

    it('refuses every call when the schema has a pattern RE2 cannot run, naming it, rather than backtracking', async () => {
      const checker = new InputSchemaChecker();
      const schema = { type: 'object', properties: { email: { type: 'string', pattern: '^(?!\\.)[\\w.]+@[\\w.]+$' } } };
      const result = await checker.check(schema, { email: 'ann@example.org' });
      expect(result).toEqual({
        ok: false,
        problems: [
          'the tool\'s input schema cannot be used (invalid regular expression "^(?!\\\\.)[\\\\w.]+@[\\\\w.]+$": a lookahead (`(?!`), which the linear-time engine (RE2) does not support)',
        ],
      });
      expect((await checker.check(schema, {})).ok).toBe(false); // even when the argument is absent: the schema as a whole is unusable
    });

    it(`refuses a string longer than ${MAX_REGEX_INPUT} characters instead of matching it, wherever the pattern sits`, async () => {
      const checker = new InputSchemaChecker();
      const long = 'a'.repeat(MAX_REGEX_INPUT + 1);
      const tooLong = 'a string of 65,537 characters is longer than the 65,536 matched against the pattern "^[a-z]+$"';
      expect(await checker.check({ type: 'object', properties: { q: { type: 'string', pattern: '^[a-z]+$' } } }, { q: 'a'.repeat(MAX_REGEX_INPUT) })).toEqual({ ok: true });
      expect(await checker.check({ type: 'object', properties: { q: { type: 'string', pattern: '^[a-z]+$' } } }, { q: long })).toEqual({ ok: false, problems: [tooLong] });
      // "no match" would have let these through: a negated pattern, and a key no patternProperties rule matches
      expect(await checker.check({ type: 'object', properties: { q: { not: { type: 'string', pattern: '^[a-z]+$' } } } }, { q: long })).toEqual({ ok: false, problems: [tooLong] });
      expect(await checker.check({ type: 'object', patternProperties: { '^[a-z]+$': { type: 'number' } } }, { [long]: 'x' })).toEqual({ ok: false, problems: [tooLong] });
    });
  });

  describe('a check too costly to run inline goes, whole, to the regex worker', () => {
    const runner = new RegexRunner();
    // Its first worker says ready, then never answers: a check that cannot finish by the deadline,
    // on any machine (a real 64 KiB check once finished within 1,000 ms on a quiet one).
    // The workers after it are the real one.
    const NEVER_ANSWERS = `const { parentPort } = require('node:worker_threads');
parentPort.on('message', () => { for (;;) {} });
parentPort.postMessage('ready');`;
    let workers = 0;
    const slowRunner = new RegexRunner({ spawn: () => (workers++ === 0 ? new Worker(NEVER_ANSWERS, { eval: true }) : spawnRegexWorker()) });
    afterAll(async () => Promise.all([runner.close(), slowRunner.close()]));
    const uuid = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
    const schema = {
      type: 'object',
      properties: { id: { type: 'string', pattern: uuid }, name: { type: 'string', pattern: '^[\\w .-]+$' }, tags: { type: 'array', items: { type: 'string', pattern: '^[a-z]+$' } } },
    };

    it('ordinary calls are checked inline: an answer, not a promise, and nothing sent to the worker', () => {
      const checker = new InputSchemaChecker({ runner });
      const ordinary = [
        { id: '3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60', name: 'quarterly report.pdf', tags: ['finance', 'draft'] },
        { id: 'not-a-uuid', name: 'x' },
        { name: 'n'.repeat(300) },
      ];
      const results = ordinary.map((args) => checker.check(schema, args));
      for (const result of results) expect(result).not.toBeInstanceOf(Promise);
      expect(results.map((r) => (r as { ok: boolean }).ok)).toEqual([true, false, true]);
      expect(runner.dispatched).toBe(0);
    });

    it('a long string, or many strings whose matches add up past the budget, is checked in the worker with the same verdict', async () => {
      const checker = new InputSchemaChecker({ runner });
      const long = checker.check(schema, { name: 'n'.repeat(MAX_REGEX_INPUT) });
      expect(long).toBeInstanceOf(Promise);
      expect(await long).toEqual({ ok: true });
      // Each tag alone is cheap; together they pass INLINE_MATCH_BUDGET.
      const tags = Array.from({ length: Math.ceil(INLINE_MATCH_BUDGET / 100) }, () => 'abcdefghij'.repeat(10));
      expect(await checker.check(schema, { tags: [...tags, 'Not Lowercase'] })).toEqual({ ok: false, problems: [`args.tags[${tags.length}] must match pattern "^[a-z]+$"`] });
      expect(runner.dispatched).toBe(2);
      // The budget is per call: the next ordinary one is inline again.
      expect(checker.check(schema, { tags: ['one'] })).toEqual({ ok: true });
      expect(runner.dispatched).toBe(2);
    });

    it('refuses the call, naming the pattern, when the worker cannot finish by the deadline', async () => {
      const checker = new InputSchemaChecker({ runner: slowRunner });
      // 402 instructions a character on 64 KiB of random a/b: the kind of check that may not finish in time.
      const hostile = { type: 'object', properties: { text: { type: 'string', pattern: '[ab]{1,100}b[ab]{1,100}$' } } };
      const text = Array.from({ length: MAX_REGEX_INPUT }, () => (Math.random() < 0.5 ? 'a' : 'b')).join('');
      expect(await checker.check(hostile, { text })).toEqual({
        ok: false,
        problems: [
          `the tool's input schema pattern "[ab]{1,100}b[ab]{1,100}$" (against a string of 65,536 characters) could not be checked: the check took longer than ${REGEX_DEADLINE_MS} ms; the call was not forwarded`,
        ],
      });
      expect(slowRunner.dispatched).toBe(1);
      // The worker was replaced: the next costly check is answered by a new one.
      expect(await checker.check(schema, { name: 'n'.repeat(MAX_REGEX_INPUT) })).toEqual({ ok: true });
      expect(slowRunner.dispatched).toBe(2);
      expect(slowRunner.started).toBe(2);
    });
  });
});
