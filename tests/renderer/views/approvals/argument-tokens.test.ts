import { describe, expect, it } from 'vitest';
import { argumentEntries, argumentTokens } from '../../../../renderer/src/views/approvals/argument-tokens.js';

const joined = (tokens: ReturnType<typeof argumentTokens>) => tokens.map((t) => t.text).join('');

describe('argumentTokens', () => {
  it('gives every value in full, the secret ones as their own tokens', () => {
    const args = { command: 'x'.repeat(3000), session: 'sess-1', auth: { user: 'ann', n: 7 }, list: ['a', 'postgresql://app:pw@db/x'] };
    const tokens = argumentTokens(args, [['session'], ['auth', 'n'], ['list', 1]]);
    // Put back together, the tokens are the pretty JSON of the arguments: nothing lost or cut.
    expect(joined(tokens)).toBe(JSON.stringify(args, null, 2));
    expect(tokens.filter((t) => t.kind === 'secret')).toEqual([
      { kind: 'secret', text: '"sess-1"', index: 0 },
      { kind: 'secret', text: '7', index: 1 },
      { kind: 'secret', text: '"postgresql://app:pw@db/x"', index: 2 },
    ]);
    expect(args.session).toBe('sess-1'); // the input is not changed
  });

  it('colours keys, strings, numbers and literals', () => {
    const kinds = argumentTokens({ a: 'b', c: 1, d: true }, []).filter((t) => t.kind !== 'p').map((t) => `${t.kind}:${t.text}`);
    expect(kinds).toEqual(['k:"a"', 's:"b"', 'k:"c"', 'n:1', 'k:"d"', 'b:true']);
  });

  it('skips paths that lead nowhere and handles a secret at the root', () => {
    expect(argumentTokens({ a: 1 }, [['missing']]).some((t) => t.kind === 'secret')).toBe(false);
    expect(argumentTokens('ghp_x', [[]])).toEqual([{ kind: 'secret', text: '"ghp_x"', index: 0 }]);
  });
});

describe('argumentEntries', () => {
  it('splits an object into its arguments, keeping each secret index global', () => {
    const args = { command: 'x'.repeat(3000), session: 's', nested: { a: 1, token: 't' } };
    const entries = argumentEntries(args, [['nested', 'token'], ['session']]);
    expect(entries.map((e) => e.name)).toEqual(['command', 'session', 'nested']);
    expect(joined(entries[0]!.tokens)).toBe(JSON.stringify(args.command));
    expect(entries[0]!.chars).toBe(3002);
    expect(entries[1]!.tokens).toEqual([{ kind: 'secret', text: '"s"', index: 1 }]);
    expect(entries[2]!.tokens.filter((t) => t.kind === 'secret')).toEqual([{ kind: 'secret', text: '"t"', index: 0 }]);
    expect(joined(entries[2]!.tokens)).toBe(JSON.stringify(args.nested, null, 2));
  });

  it('keeps arguments that are not an object whole, in one entry', () => {
    expect(argumentEntries([1, 2], []).map((e) => e.name)).toEqual([undefined]);
    expect(argumentEntries({}, [])).toEqual([]); // shown as "no arguments"
    expect(argumentEntries(undefined, [])).toEqual([]);
  });
});
