import { describe, expect, test } from 'vitest';
import { removeListItem } from '../../../../renderer/src/lib/policy/policy-draft.js';

describe('removeListItem', () => {
  const doc = { tools: { echo: { action: 'allow', require: [{ path: 'args.a', op: 'exists', value: true }, { path: 'args.b', op: 'eq', value: 1 }] } } };

  test('drops one item and keeps the rest of the list', () => {
    const next = removeListItem(doc, ['tools', 'echo', 'require'], 0);
    expect(next).toEqual({ tools: { echo: { action: 'allow', require: [{ path: 'args.b', op: 'eq', value: 1 }] } } });
    expect(doc.tools.echo.require).toHaveLength(2); // the draft it came from is unchanged
  });

  test('drops the list itself with its last item', () => {
    const once = removeListItem(doc, ['tools', 'echo', 'require'], 1);
    const twice = removeListItem(once, ['tools', 'echo', 'require'], 0);
    expect(twice).toEqual({ tools: { echo: { action: 'allow' } } });
  });
});
