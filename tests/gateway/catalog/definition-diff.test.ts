import { describe, expect, it } from 'vitest';
import { diffDefinitions } from '../../../electron/gateway/catalog/definition-diff.js';

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
});
