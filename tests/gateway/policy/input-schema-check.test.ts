import { describe, expect, it } from 'vitest';
import { InputSchemaChecker } from '../../../electron/gateway/policy/input-schema-check.js';
import { MAX_REGEX_INPUT } from '../../../shared/policy/linear-regex.js';

describe('InputSchemaChecker', () => {
  it('checks draft-07 and 2020-12 schemas, ignoring unknown keywords and formats', () => {
    const checker = new InputSchemaChecker();
    const draft7 = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { url: { type: 'string', format: 'uri', 'x-ui': 1 } } };
    expect(checker.check(draft7, { url: 'not a url, formats are off' })).toEqual({ ok: true });
    expect(checker.check(draft7, { url: 5 })).toEqual({ ok: false, problems: ['args.url must be string'] });
    // 2020-12 semantics: prefixItems for the first, items for the rest (draft-07 would apply items to all)
    const modern = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { list: { type: 'array', prefixItems: [{ type: 'integer' }], items: { type: 'string' } } } };
    expect(checker.check(modern, { list: [1, 'x'] })).toEqual({ ok: true });
    expect(checker.check(modern, { list: [1, 2] })).toEqual({ ok: false, problems: ['args.list[1] must be string'] });
    const old = { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', required: ['a'] };
    expect(checker.check(old, {})).toEqual({ ok: false, problems: ["args must have required property 'a'"] });
  });

  it('compiles each distinct schema once', () => {
    const checker = new InputSchemaChecker();
    const schema = { type: 'object', properties: { a: { type: 'number' } } };
    for (let i = 0; i < 10; i++) checker.check(structuredClone(schema), { a: i });
    checker.check({ type: 'object', properties: { b: { type: 'number' } } }, {});
    expect(checker.compiledCount).toBe(2);
  });

  it('fails closed on a schema that cannot be compiled', () => {
    const checker = new InputSchemaChecker();
    const result = checker.check({ type: 'object', properties: { a: { type: 'no-such-type' } } }, {});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatch(/^the tool's input schema cannot be used/);
  });

  describe('patterns run on the linear-time engine', () => {
    const evil = `${'a'.repeat(10_000)}!`;

    it('pattern, patternProperties and propertyNames: catastrophic patterns on long input return, with the same verdicts', () => {
      const checker = new InputSchemaChecker();
      const schema = {
        type: 'object',
        properties: { word: { type: 'string', pattern: '^(\\w+\\s?)*$' } },
        patternProperties: { '^(a+)+$': { type: 'number' } },
      };
      expect(checker.check(schema, { word: 'two words' })).toEqual({ ok: true });
      expect(checker.check(schema, { word: evil })).toEqual({ ok: false, problems: ['args.word must match pattern "^(\\w+\\s?)*$"'] });
      expect(checker.check(schema, { aaa: 1 })).toEqual({ ok: true });
      expect(checker.check(schema, { aaa: 'x' })).toEqual({ ok: false, problems: ['args.aaa must be number'] });
      expect(checker.check(schema, { [evil]: 'x' })).toEqual({ ok: true }); // no match: the key is not governed by that pattern
      const names = { type: 'object', propertyNames: { pattern: '^(\\w+\\s?)*$' } };
      expect(checker.check(names, { [evil]: 1 }).ok).toBe(false);
      expect(checker.check(names, { ok_name: 1 })).toEqual({ ok: true });
    });

    it('refuses every call when the schema has a pattern RE2 cannot run, naming it, rather than backtracking', () => {
      const checker = new InputSchemaChecker();
      const schema = { type: 'object', properties: { email: { type: 'string', pattern: '^(?!\\.)[\\w.]+@[\\w.]+$' } } };
      const result = checker.check(schema, { email: 'ann@example.org' });
      expect(result).toEqual({
        ok: false,
        problems: [
          'the tool\'s input schema cannot be used (invalid regular expression "^(?!\\\\.)[\\\\w.]+@[\\\\w.]+$": a lookahead (`(?!`), which the linear-time engine (RE2) does not support)',
        ],
      });
      expect(checker.check(schema, {}).ok).toBe(false); // even when the argument is absent: the schema as a whole is unusable
    });

    it(`refuses a string longer than ${MAX_REGEX_INPUT} characters instead of matching it, wherever the pattern sits`, () => {
      const checker = new InputSchemaChecker();
      const long = 'a'.repeat(MAX_REGEX_INPUT + 1);
      const tooLong = 'a string of 65,537 characters is longer than the 65,536 matched against the pattern "^[a-z]+$"';
      expect(checker.check({ type: 'object', properties: { q: { type: 'string', pattern: '^[a-z]+$' } } }, { q: 'a'.repeat(MAX_REGEX_INPUT) })).toEqual({ ok: true });
      expect(checker.check({ type: 'object', properties: { q: { type: 'string', pattern: '^[a-z]+$' } } }, { q: long })).toEqual({ ok: false, problems: [tooLong] });
      // "no match" would have let these through: a negated pattern, and a key no patternProperties rule matches
      expect(checker.check({ type: 'object', properties: { q: { not: { type: 'string', pattern: '^[a-z]+$' } } } }, { q: long })).toEqual({ ok: false, problems: [tooLong] });
      expect(checker.check({ type: 'object', patternProperties: { '^[a-z]+$': { type: 'number' } } }, { [long]: 'x' })).toEqual({ ok: false, problems: [tooLong] });
    });
  });
});
