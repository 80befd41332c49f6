// The tool fingerprint pinning compares: canonical JSON (key order never counts) over the
// watched fields only, and a copy of them that later changes to the listing cannot reach.
import { describe, expect, it } from 'vitest';
import { canonicalJson, definitionOf, hashDefinition, hashListing } from '../../../electron/gateway/catalog/definition-hash.js';

describe('definition hash', () => {
  it('is stable under key order and ignores the name and other listing fields', () => {
    const a = definitionOf({ name: 'x', description: 'd', inputSchema: { type: 'object', properties: { b: { type: 'string' }, a: { type: 'number' } } } });
    const b = definitionOf({ name: 'y', inputSchema: { properties: { a: { type: 'number' }, b: { type: 'string' } }, type: 'object' }, description: 'd', outputSchema: {} } as never);
    expect(hashDefinition(a)).toBe(hashDefinition(b));
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 1 }] })).toBe('{"a":[{"c":1,"d":2}],"b":1}');
  });

  it('changes with the description, schema, annotations or title', () => {
    const base = definitionOf({ name: 'x', title: 'X', description: 'd', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } });
    const hashes = new Set([
      hashDefinition(base),
      hashDefinition({ ...base, title: 'Y' }),
      hashDefinition({ ...base, description: 'e' }),
      hashDefinition({ ...base, inputSchema: { type: 'object', properties: {} } }),
      hashDefinition({ ...base, annotations: { readOnlyHint: false } }),
    ]);
    expect(hashes.size).toBe(5);
  });

  it('keeps a key named __proto__ as data', () => {
    const schema = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}');
    expect(canonicalJson(schema)).toBe('{"properties":{"__proto__":{"type":"string"}},"type":"object"}');
  });

  it('drops undefined members as JSON does, keeps them as null inside arrays, and indents when asked', () => {
    expect(canonicalJson({ b: undefined, a: [undefined, 1] })).toBe('{"a":[null,1]}');
    expect(canonicalJson({ b: { d: 1 }, a: 2 }, 2)).toBe('{\n  "a": 2,\n  "b": {\n    "d": 1\n  }\n}');
    expect(canonicalJson('text')).toBe('"text"');
  });
});

describe('definitionOf', () => {
  it('copies the watched fields, so a later change to the listing does not reach the definition', () => {
    const listing = { name: 'x', description: 'd', inputSchema: { type: 'object', properties: { a: { type: 'string' } } }, annotations: { readOnlyHint: true } };
    const definition = definitionOf(listing);
    listing.inputSchema.properties.a.type = 'number';
    listing.annotations.readOnlyHint = false;
    expect(definition).toEqual({ description: 'd', inputSchema: { type: 'object', properties: { a: { type: 'string' } } }, annotations: { readOnlyHint: true } });
  });

  it('leaves out a title or description that is not a string, and absent fields', () => {
    expect(definitionOf({ name: 'x', title: 7, description: null } as never)).toEqual({});
  });
});

describe('hashListing', () => {
  it('hashes a whole prompt or template listing, name included, independent of key order', () => {
    expect(hashListing({ name: 'a', arguments: [{ name: 'x', required: true }] })).toBe(hashListing({ arguments: [{ required: true, name: 'x' }], name: 'a' }));
    expect(hashListing({ name: 'a' })).not.toBe(hashListing({ name: 'b' }));
    expect(hashListing({ name: 'a' })).toMatch(/^[0-9a-f]{64}$/);
  });
});
