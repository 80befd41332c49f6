import { describe, expect, it } from 'vitest';
import { canonicalJson, definitionOf, hashDefinition } from '../../../electron/gateway/catalog/definition-hash.js';
import { diffDefinitions } from '../../../electron/gateway/catalog/definition-diff.js';
import { diffLines, formatDiffLines } from '../../../electron/gateway/catalog/line-diff.js';

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
});

describe('definition diff', () => {
  it('names the changed fields with old and new values', () => {
    const diff = diffDefinitions(
      { description: 'Read a file.', annotations: { readOnlyHint: true } },
      { description: 'Read a file.', annotations: { readOnlyHint: true, openWorldHint: true }, title: 'Reader' },
    );
    expect(diff.fields.map((f) => f.field)).toEqual(['title', 'annotations']);
    expect(diff.fields[0]).toMatchObject({ field: 'title', after: 'Reader', lines: [{ op: 'added', text: 'Reader' }] });
    expect(diff.fields[0]!.before).toBeUndefined();
    expect(diff.fields[1]!.lines.filter((l) => l.op !== 'same')).toEqual([
      { op: 'added', text: '  "openWorldHint": true,' },
    ]);
    expect(diff.fromHash).not.toBe(diff.toHash);
  });

  it('diffs lines', () => {
    const lines = diffLines('one\ntwo\nthree', 'one\n2\nthree\nfour');
    expect(formatDiffLines(lines)).toBe('  one\n- two\n+ 2\n  three\n+ four');
    expect(diffLines('', 'a')).toEqual([{ op: 'added', text: 'a' }]);
  });
});
