// Paths into a policy, both ways: the builder's segments and the validator's text
// (`tools["odoo.read"].limits[0].window`); text it cannot read is kept, not lost.
import { describe, expect, it } from 'vitest';
import { formatDocPath, parseDocPath } from '../../../../renderer/src/lib/policy/doc-path.js';

describe('doc paths', () => {
  it('formats and parses validator paths', () => {
    const path = ['tools', 'odoo.read', 'limits', 0, 'window'];
    expect(formatDocPath(path)).toBe('tools["odoo.read"].limits[0].window');
    expect(parseDocPath('tools["odoo.read"].limits[0].window')).toEqual(path);
    expect(parseDocPath('')).toEqual([]);
  });

  it('round-trips keys that need quoting: dots, brackets, quotes, spaces, a leading digit', () => {
    for (const path of [['tools', 'a.b'], ['tools', 'x[0]'], ['tools', 'say "hi"'], ['tools', 'two words', 'limits', 3], ['hide', 12], ['tools', '9lives']]) {
      expect(parseDocPath(formatDocPath(path))).toEqual(path);
    }
    expect(formatDocPath(['tools', 'say "hi"'])).toBe('tools["say \\"hi\\""]');
  });

  it('a leading dot is skipped; an unreadable rest is kept as one segment', () => {
    expect(parseDocPath('.default')).toEqual(['default']);
    expect(parseDocPath('tools[oops')).toEqual(['tools', '[oops']);
  });
});
