import { describe, expect, it } from 'vitest';
import { InputSchemaChecker } from '../../../electron/gateway/policy/input-schema-check.js';

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
});
