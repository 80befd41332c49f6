import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileLinearRegex, MAX_REGEX_PROGRAM } from '../../../shared/policy/linear-regex.js';

function linear(pattern: string) {
  const compiled = compileLinearRegex(pattern);
  if (!compiled.ok) throw new Error(compiled.message);
  return compiled.regex;
}

function refusal(pattern: string): string {
  const compiled = compileLinearRegex(pattern);
  if (compiled.ok) throw new Error(`${pattern} compiled`);
  return compiled.message;
}

const EMAIL = '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$';

describe('catastrophic patterns run in linear time', () => {
  // A backtracking engine needs about 2^n steps for these inputs: at n = 10,000 it would
  // never return, so reaching the assertion at all is the proof.
  it.each([
    ['^(\\w+\\s?)*$', `${'a'.repeat(10_000)}!`],
    ['(a+)+$', `${'a'.repeat(10_000)}!`],
    [EMAIL, `${'a'.repeat(10_000)}!`],
    ['^(a|a)*$', `${'a'.repeat(10_000)}b`],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', 'a'.repeat(10_000)],
  ])('%s', (pattern, input) => {
    expect(linear(pattern).test(input)).toBe(false);
    expect(new RegExp(pattern).test('aaaa')).toBe(linear(pattern).test('aaaa'));
  });
});

describe('ordinary patterns keep the meaning RegExp gave them', () => {
  // pattern, input, expected: each row is also checked against RegExp, with and without `u`.
  it.each([
    ['^prod-', 'prod-db', true],
    ['^prod-', 'dev-db', false],
    ['^\\d+$', '42', true],
    ['^\\d+$', '4a2', false],
    ['^[A-Z]{2,3}-\\d{4}$', 'AB-1234', true],
    ['^[A-Z]{2,3}-\\d{4}$', 'ABCD-1234', false],
    ['^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$', 'ann@example.org', true],
    ['^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$', 'ann@@example.org', false],
    ['\\bDROP\\s+TABLE\\b', 'x; DROP  TABLE users', true],
    ['\\bDROP\\s+TABLE\\b', 'xDROP TABLE', false],
    ['^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', '123e4567-e89b-12d3-a456-426614174000', true],
    ['^(foo|bar)baz$', 'barbaz', true],
    ['^(?:foo|bar)+$', 'foobarfoo', true],
    ['^a.c$', 'abc', true],
    ['^a.c$', 'a\nc', false],
    ['^\\/api\\/v\\d+\\/', '/api/v2/users', true],
    ['^caf\\u00e9$', 'café', true],
    ['^(?<year>\\d{4})-(?<month>\\d{2})$', '2026-12', true],
    ['^[\\w.-]+$', 'a.b-c_d', true],
    ['^[\\w.-]+$', 'a b', false],
    ['x*?y', 'xxy', true],
    ['^$', '', true],
    ['', 'anything', true],
    ['^[^]$', 'q', true],
    ['^\\p{L}+$', 'Ωμέγα', false], // without `u`, RegExp reads \p as p; this row is checked against `u` only
    ['\\x41\\cJ', 'A\n', true],
    ['^日本語$', '日本語', true],
    ['^.$', '😀', true], // one code point, as with `u`
  ] as [string, string, boolean][])('%s on %j', (pattern, input, expected) => {
    const withU = new RegExp(pattern, 'u').test(input);
    if (pattern.includes('\\p{') || pattern === '^.$') {
      expect(linear(pattern).test(input)).toBe(withU);
      return;
    }
    expect(new RegExp(pattern).test(input)).toBe(expected);
    expect(withU).toBe(expected);
    expect(linear(pattern).test(input)).toBe(expected);
  });

  it('reads the inline flag (?i) at the start, as conditions always did, and anywhere else', () => {
    expect(linear('(?i)^PROD').test('production')).toBe(true);
    expect(linear('^prod-(?i)DB$').test('prod-db')).toBe(true);
    expect(linear('^prod-(?i)DB$').test('PROD-db')).toBe(false);
  });

  it('differs from RegExp where RE2 reads a spelling differently (documented)', () => {
    // \s is ASCII whitespace in RE2; RegExp adds \v, no-break space and the Unicode spaces.
    expect(new RegExp('^a\\sb$').test('a\u00a0b')).toBe(true);
    expect(linear('^a\\sb$').test('a\u00a0b')).toBe(false);
    expect(linear('^a\\sb$').test('a\tb')).toBe(true);
    // `.` stops only at \n in RE2; RegExp also stops at \r, U+2028 and U+2029.
    expect(new RegExp('^a.b$').test('a\rb')).toBe(false);
    expect(linear('^a.b$').test('a\rb')).toBe(true);
  });
});

describe('the patterns zod writes into inputSchemas (the SDK servers are built with zod)', () => {
  const schema = z.toJSONSchema(z.object({ email: z.email(), uuid: z.uuid(), at: z.iso.datetime(), ipv4: z.ipv4(), ipv6: z.ipv6(), day: z.iso.date() }));
  const patterns = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, (value as { pattern: string }).pattern]));
  it.each([
    ['email', ['ann@example.org', 'a.b+c@sub.example.co', 'ann@', '@example.org', 'ann@example']],
    ['uuid', ['123e4567-e89b-12d3-a456-426614174000', '123e4567-e89b-92d3-a456-426614174000', 'not-a-uuid']],
    ['at', ['2026-12-06T23:20:00Z', '2026-02-29T00:00:00Z', '2024-02-29T00:00:00Z', '2026-12-06 23:20']],
    ['ipv4', ['127.0.0.1', '256.0.0.1', '1.2.3']],
    ['ipv6', ['::1', '2001:db8::8a2e:370:7334', '2001:db8:::1', 'fe80::1%eth0']],
    ['day', ['2026-12-06', '2026-13-01']],
  ] as [string, string[]][])('%s: RE2 runs it and agrees with RegExp', (key, inputs) => {
    const pattern = patterns[key] as string;
    for (const input of inputs) expect(linear(pattern).test(input), input).toBe(new RegExp(pattern, 'u').test(input));
  });
});

describe('patterns RE2 cannot run are refused with the reason', () => {
  it.each([
    ['(?=a)b', /lookahead \(`\(\?=`\).*RE2/],
    ['^(?!admin)\\w+$', /lookahead \(`\(\?!`\)/],
    ['(?<=\\$)\\d+', /lookbehind \(`\(\?<=`\)/],
    ['(?<!-)\\d+', /lookbehind \(`\(\?<!`\)/],
    ['(a)\\1', /backreference \(`\\1`\)/],
    ['(?<q>["\'])\\w+\\k<q>', /backreference \(`\\k`\)/],
    ['(unclosed', /missing closing \)/],
    ['a{1001}', /invalid repeat count/],
    ['a++', /invalid nested repetition operator/],
  ])('%s', (pattern, why) => {
    const message = refusal(pattern);
    expect(message).toContain(`invalid regular expression ${JSON.stringify(pattern)}: `);
    expect(message).toMatch(why);
  });

  it('does not mistake escaped or bracketed text for lookaround or backreferences', () => {
    expect(linear('^\\(?=\\d$').test('(=5')).toBe(true);
    expect(linear('^[(?=]+$').test('(?=')).toBe(true);
    expect(linear('^\\\\1$').test('\\1')).toBe(true);
  });

  it(`refuses a pattern that compiles to more than ${MAX_REGEX_PROGRAM} instructions`, () => {
    expect(refusal('^[a-z]{1,1000}$')).toMatch(/too large: it compiles to \d+ instructions, more than the 2,000 allowed/);
    expect(linear('^[a-z]{1,255}$').test('abc')).toBe(true);
  });
});

it('compiles each pattern once', () => {
  expect(compileLinearRegex('^cached-\\d+$')).toBe(compileLinearRegex('^cached-\\d+$'));
});

describe('compiled-pattern cache', () => {
  it('keeps the 256 most recently used patterns and recompiles one that fell out', () => {
    const kept = linear('^kept-[0-9]+$');
    const dropped = linear('^dropped-[0-9]+$');
    for (let i = 0; i < 300; i++) {
      linear(`^filler-${i}$`);
      if (i % 100 === 0) expect(linear('^kept-[0-9]+$')).toBe(kept); // used again: stays
    }
    expect(linear('^kept-[0-9]+$')).toBe(kept);
    expect(linear('^dropped-[0-9]+$')).not.toBe(dropped);
  });
});
