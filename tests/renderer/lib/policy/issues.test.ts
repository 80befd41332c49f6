// Validation issues as the builder pins them, and the loose values its fields are typed in.
import { describe, expect, it } from 'vitest';
import { draftIssues, issuesAt, parseLooseValue, parseNumberField, showLooseValue } from '../../../../renderer/src/lib/policy/issues.js';
import type { Policy } from '../../../../shared/policy/types.js';

describe('builder fields and issues', () => {
  it('reads builder field values', () => {
    expect(['10', '"10"', '["a","b"]', 'plain text', '', 'true'].map(parseLooseValue)).toEqual([10, '10', ['a', 'b'], 'plain text', undefined, true]);
    expect([10, '10', 'plain text', ['a'], undefined].map(showLooseValue)).toEqual(['10', '"10"', 'plain text', '["a"]', '']);
    expect(['5', '', '5x'].map(parseNumberField)).toEqual([5, undefined, '5x']);
    const issues = [
      { path: 'tools.x', message: 'a' },
      { path: 'tools.x.limits[0].max', message: 'b' },
      { path: 'tools.xy', message: 'c' },
    ];
    expect(issuesAt(issues, 'tools.x').map((i) => i.message)).toEqual(['a']);
    expect(issuesAt(issues, 'tools.x', true).map((i) => i.message)).toEqual(['a', 'b']);
  });

  it('a path is not inside a sibling that shares its start, and list elements are inside', () => {
    const issues = [
      { path: 'tools.x[0]', message: 'element' },
      { path: 'tools.xy.limits', message: 'sibling' },
    ];
    expect(issuesAt(issues, 'tools.x', true).map((i) => i.message)).toEqual(['element']);
  });

  it('a string that reads as JSON is shown quoted, so it stays a string when typed back', () => {
    for (const value of ['10', 'true', 'null', '"q"', 'plain', 7, false, null, { a: 1 }]) expect(parseLooseValue(showLooseValue(value))).toEqual(value);
    expect(parseLooseValue('  ')).toBeUndefined();
    expect(parseNumberField('Infinity')).toBe('Infinity');
  });
});

describe('draftIssues', () => {
  it('a valid draft has warnings only; an invalid one its errors and warnings', () => {
    const warning = { path: 'tools.x', message: 'never applies' };
    const error = { path: 'default', message: 'must be allow, deny or approve' };
    expect(draftIssues({ ok: true, policy: {} as Policy, warnings: [warning] })).toEqual({ errors: [], warnings: [warning] });
    expect(draftIssues({ ok: false, errors: [error], warnings: [warning] })).toEqual({ errors: [error], warnings: [warning] });
  });
});
