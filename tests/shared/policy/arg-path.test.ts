import { describe, expect, it } from 'vitest';
import { parseArgPath, readArgPath } from '../../../shared/policy/arg-path.js';

describe('arg paths', () => {
  it('parses dots, indexes and quoted keys', () => {
    expect(parseArgPath('args.a.b[0].c')).toEqual({ ok: true, segments: ['a', 'b', 0, 'c'] });
    expect(parseArgPath('args["x.y"][2]')).toEqual({ ok: true, segments: ['x.y', 2] });
  });

  it.each(['amount', 'args', 'args.', 'args..a', 'args.a[x]', 'args.a b', 'arguments.a'])('refuses %j', (path) => {
    const result = parseArgPath(path);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^expected a path into the arguments/);
  });

  it('reads own properties only and gives undefined for any missing step', () => {
    const args = { a: { b: [{ c: 5 }] }, list: [1] };
    expect(readArgPath(args, ['a', 'b', 0, 'c'])).toBe(5);
    expect(readArgPath(args, ['a', 'b', 1, 'c'])).toBeUndefined();
    expect(readArgPath(args, ['a', 'x'])).toBeUndefined();
    expect(readArgPath(args, ['list', 'length'])).toBeUndefined();
    expect(readArgPath(args, ['a', 'toString'])).toBeUndefined();
    expect(readArgPath(args, ['a', 0])).toBeUndefined();
  });
});
