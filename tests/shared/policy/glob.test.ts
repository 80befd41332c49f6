import { describe, expect, it } from 'vitest';
import { checkToolPattern, compareGlobSpecificity, matchesGlob } from '../../../shared/policy/glob.js';

describe('glob', () => {
  it('matches * as any run of characters and nothing else as special', () => {
    expect(matchesGlob('odoo_*', 'odoo_read')).toBe(true);
    expect(matchesGlob('odoo_*', 'odoo_')).toBe(true);
    expect(matchesGlob('odoo_*', 'xodoo_read')).toBe(false);
    expect(matchesGlob('*_read', 'odoo_read')).toBe(true);
    expect(matchesGlob('a*b*c', 'a-x-b-y-c')).toBe(true);
    expect(matchesGlob('a.b*', 'aXb1')).toBe(false);
    expect(matchesGlob('*', '')).toBe(true);
    expect(matchesGlob('exact', 'exact')).toBe(true);
    expect(matchesGlob('exact', 'exactly')).toBe(false);
  });

  it('orders globs: longer first, then fewer stars, then longer literal prefix, then code-unit order', () => {
    const sorted = ['*', 'odoo_*', '*_read', 'odoo_*_read', 'od*oo_read', 'odoo_re*', 'b*', 'a*'].sort(compareGlobSpecificity);
    expect(sorted).toEqual(['odoo_*_read', 'od*oo_read', 'odoo_re*', 'odoo_*', '*_read', 'a*', 'b*', '*']);
  });

  it('refuses patterns that would not mean what they look like', () => {
    expect(checkToolPattern('odoo_*')).toBeUndefined();
    expect(checkToolPattern('')).toMatch(/empty/);
    expect(checkToolPattern('a b')).toMatch(/spaces/);
    expect(checkToolPattern('a?')).toMatch(/only wildcard is \*/);
    expect(checkToolPattern('[ab]*')).toMatch(/only wildcard is \*/);
    expect(checkToolPattern('a**')).toMatch(/single \*/);
  });
});
