import { describe, expect, it } from 'vitest';
import { filterKey, lowerBound, matchesRow } from '../../../renderer/src/lib/call-rows.js';

describe('call rows', () => {
  it('finds insertion points by id', () => {
    const rows = ['b', 'd', 'f'].map((id) => ({ id }));
    expect(lowerBound(rows, 'a')).toBe(0);
    expect(lowerBound(rows, 'd')).toBe(1);
    expect(lowerBound(rows, 'e')).toBe(2);
    expect(lowerBound(rows, 'z')).toBe(3);
  });

  it('gives one key per filter whatever the property order, ignoring empty values', () => {
    expect(filterKey({ tool: 'x', server: 'a' })).toBe(filterKey({ server: 'a', tool: 'x', text: '' }));
    expect(filterKey({})).toBe('{}');
    expect(filterKey({ server: 'a' })).not.toBe(filterKey({ server: 'b' }));
  });

  it('matches in-flight rows on what is known, never on decision or outcome', () => {
    const row = { id: '1', time: '2026-11-25T12:00:00.000Z', server: 'files', grant: 'cursor', session: 's', tool: 'read_file', arguments: { path: '/secret' }, pending: true as const };
    expect(matchesRow(row, { server: 'files', text: 'SECRET' })).toBe(true);
    expect(matchesRow(row, { server: 'odoo' })).toBe(false);
    expect(matchesRow(row, { decision: 'allowed' })).toBe(false);
    expect(matchesRow(row, { upstream: 'ok' })).toBe(false);
  });
});
