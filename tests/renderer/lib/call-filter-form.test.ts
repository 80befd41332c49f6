import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER_FORM, isFiltered, toCallFilter } from '../../../renderer/src/lib/call-filter-form.js';

describe('call filter form', () => {
  it('turns the form into a CallFilter, leaving out what is unset', () => {
    const now = Date.parse('2026-11-25T12:00:00.000Z');
    expect(toCallFilter(EMPTY_FILTER_FORM, now)).toEqual({});
    expect(toCallFilter({ server: 'odoo', grant: 'cursor', tool: ' read ', decision: 'denied', time: '15m', text: ' secret ' }, now)).toEqual({
      server: 'odoo',
      grant: 'cursor',
      tool: 'read',
      decision: 'denied',
      from: '2026-11-25T11:45:00.000Z',
      text: 'secret',
    });
  });

  it('knows when anything is filtered', () => {
    expect(isFiltered(EMPTY_FILTER_FORM)).toBe(false);
    expect(isFiltered({ ...EMPTY_FILTER_FORM, time: '1h' })).toBe(true);
    expect(isFiltered({ ...EMPTY_FILTER_FORM, text: 'x' })).toBe(true);
  });
});
