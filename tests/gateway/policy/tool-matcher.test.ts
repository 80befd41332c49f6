import { expect, it } from 'vitest';
import { ToolMatcher } from '../../../electron/gateway/policy/tool-matcher.js';

it('an exact name wins over any glob, and the first of duplicate exact names is kept', () => {
  const m = new ToolMatcher<string>([['odoo_*', 'glob'], ['odoo_search', 'exact'], ['odoo_search', 'later']], 'specificity');
  expect(m.match('odoo_search')).toBe('exact');
  expect(m.match('odoo_write')).toBe('glob');
});

it("with 'specificity' the most specific glob wins, whatever the order given", () => {
  const m = new ToolMatcher<string>([['*', 'any'], ['odoo_*', 'odoo'], ['odoo_exec*', 'exec'], ['*_delete', 'delete']], 'specificity');
  expect(m.match('odoo_execute')).toBe('exec');
  expect(m.match('odoo_read')).toBe('odoo');
  expect(m.match('files_delete')).toBe('delete');
  expect(m.match('other')).toBe('any');
});

it("with 'first' the first matching entry in the given order wins", () => {
  const m = new ToolMatcher<number>([['*', 0], ['odoo_*', 1]], 'first');
  expect(m.match('odoo_read')).toBe(0);
  const reversed = new ToolMatcher<number>([['odoo_*', 0], ['*', 1]], 'first');
  expect(reversed.match('odoo_read')).toBe(0);
  expect(reversed.match('x')).toBe(1);
});

it('no match is undefined; a glob matches the whole name, not part of it', () => {
  const m = new ToolMatcher<string>([['odoo_*', 'odoo'], ['*_read', 'read'], ['exact', 'e']], 'specificity');
  expect(m.match('xodoo_search')).toBeUndefined();
  expect(m.match('read_x')).toBeUndefined();
  expect(m.match('exactly')).toBeUndefined();
  expect(m.match('')).toBeUndefined();
  expect(m.match('files_read')).toBe('read');
});

it('a glob with a longer literal prefix than the name is not a match; names shorter than prefixes are safe', () => {
  const m = new ToolMatcher<string>([['abcdef*', 'long'], ['a*', 'short']], 'specificity');
  expect(m.match('abc')).toBe('short');
  expect(m.match('abcdefg')).toBe('long');
});

it('answers stay right past the memo limit (it is cleared, not wrong)', () => {
  const m = new ToolMatcher<string>([['t_*', 'tool']], 'specificity');
  let wrong = 0;
  for (let i = 0; i < 10_050; i++) if (m.match(`t_${i}`) !== 'tool') wrong++;
  expect(wrong).toBe(0);
  expect(m.match('t_0')).toBe('tool');
  expect(m.match('u_0')).toBeUndefined();
});
