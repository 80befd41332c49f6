import { describe, expect, it } from 'vitest';
import { maskArgumentPaths } from '../../shared/approvals.js';

describe('maskArgumentPaths', () => {
  it('masks the values at the paths and leaves the input alone', () => {
    const args = { a: { b: ['x', 'secret'] }, session: 's', keep: 1 };
    expect(maskArgumentPaths(args, [['a', 'b', 1], ['session']])).toEqual({ a: { b: ['x', '***'] }, session: '***', keep: 1 });
    expect(args).toEqual({ a: { b: ['x', 'secret'] }, session: 's', keep: 1 });
  });

  it('ignores paths that lead nowhere, and masks the whole value for the empty path', () => {
    expect(maskArgumentPaths({ a: 1 }, [['b', 'c'], ['a', 0]])).toEqual({ a: 1 });
    expect(maskArgumentPaths('token', [[]])).toBe('***');
    const same = { a: 1 };
    expect(maskArgumentPaths(same, [])).toBe(same);
  });
});
