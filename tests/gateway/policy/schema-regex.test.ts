import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { InlineBudgetExceeded, inlineMatchMeter, linearRegExp, PatternInputTooLong } from '../../../electron/gateway/policy/schema-regex.js';
import { MAX_REGEX_INPUT } from '../../../shared/policy/linear-regex.js';

describe('linearRegExp (ajv code.regExp)', () => {
  it('matches as ajv expects, with the "u" flag ajv passes, keyed by its pattern', () => {
    const digits = linearRegExp('^\\d+$', 'u');
    expect(digits.test('123')).toBe(true);
    expect(digits.test('12a')).toBe(false);
    expect(String(digits)).toBe('^\\d+$');
    expect(String(linearRegExp('^[a-z]+$', 'u'))).not.toBe(String(digits));
    expect(linearRegExp('^.$', 'u').test('😀')).toBe(true);
  });

  it('throws for a pattern RE2 cannot run, and for a string too long to match', () => {
    expect(() => linearRegExp('(a)\\1', 'u')).toThrow(/invalid regular expression "\(a\)\\\\1": a backreference/);
    const letters = linearRegExp('^[a-z]+$', 'u');
    expect(letters.test('a'.repeat(MAX_REGEX_INPUT))).toBe(true);
    expect(() => letters.test('a'.repeat(MAX_REGEX_INPUT + 1))).toThrow(PatternInputTooLong);
  });

  it('charges each match to the inline meter and refuses, before matching, one that would overdraw it', () => {
    const letters = linearRegExp('^[a-z]+$', 'u');
    try {
      inlineMatchMeter.left = 1_000;
      expect(letters.test('abc')).toBe(true);
      expect(inlineMatchMeter.left).toBeLessThan(1_000);
      expect(() => letters.test('a'.repeat(1_000))).toThrow(InlineBudgetExceeded);
    } finally {
      inlineMatchMeter.left = Infinity;
    }
    expect(letters.test('a'.repeat(10_000))).toBe(true); // no meter running: no limit but the length cap
  });

  it('is the engine ajv compiles patterns with: two schemas with distinct patterns keep them apart', () => {
    const ajv = new Ajv({ code: { regExp: linearRegExp } });
    const validate = ajv.compile({ type: 'object', properties: { a: { type: 'string', pattern: '^a+$' }, b: { type: 'string', pattern: '^b+$' } } });
    expect(validate({ a: 'aa', b: 'bb' })).toBe(true);
    expect(validate({ a: 'bb' })).toBe(false);
    expect(() => ajv.compile({ type: 'string', pattern: '(?<=x)y' })).toThrow(/lookbehind/);
  });
});
