import { describe, expect, it } from 'vitest';
import { REDACTED, looksLikeRandomKey, redactArguments, redactString } from '../../../electron/gateway/calllog/redact.js';

const redact = (value: unknown, options = {}) => redactArguments(value, options).value;

describe('redactArguments: secret keys', () => {
  it('redacts values under secret keys in snake, camel, kebab and upper case', () => {
    const out = redact({
      token: 't1', password: 'p', passwd: 'p', secret: 's', api_key: 'k', apiKey: 'k', 'API-KEY': 'k', apikey: 'k',
      Authorization: 'Basic x', auth: 'a', access_token: 'a', refreshToken: 'r', private_key: 'pk',
      client_secret: 'cs', Cookie: 'c', session: 'sess', 'x-api-key': 'k', github_token: 'g', dbPassword: 'p',
      aws_secret_access_key: 'k',
    }) as Record<string, unknown>;
    for (const [key, value] of Object.entries(out)) expect(value, key).toBe(REDACTED);
  });

  it('leaves look-alike keys alone', () => {
    const input = { max_tokens: 512, author: 'Ann', secret_name: 'prod-db', tokenizer: 'bpe', sessions_count: 3 };
    expect(redact(input)).toEqual(input);
  });

  it('redacts whole sub-trees, numbers included, but keeps null, booleans and empty strings', () => {
    expect(redact({ credentials: { user: 'u', pass: 'p' }, pin_password: 1234, token: null, auth: false, secret: '' }))
      .toEqual({ credentials: REDACTED, pin_password: REDACTED, token: null, auth: false, secret: '' });
  });

  it('walks nested objects and arrays', () => {
    const out = redact({ batch: [{ name: 'a', token: 'x' }, [{ deeper: { password: 'y', keep: 1 } }]] });
    expect(out).toEqual({ batch: [{ name: 'a', token: REDACTED }, [{ deeper: { password: REDACTED, keep: 1 } }]] });
  });

  it('takes extra key names, matched like the built-in ones', () => {
    const out = redact({ customer_ssn: '123-45-6789', ssn: '1', iban: 'DE89', name: 'x' }, { extraKeys: ['SSN', 'iban'] });
    expect(out).toEqual({ customer_ssn: REDACTED, ssn: REDACTED, iban: REDACTED, name: 'x' });
    expect(redact({ ssn: '1' })).toEqual({ ssn: '1' });
  });

  it('never mutates the input', () => {
    const input = { token: 'abc', list: [{ password: 'p', note: 'Bearer abcdefghijklmnopqrstuvwxyz' }], big: 'x'.repeat(10_000) };
    const copy = structuredClone(input);
    redactArguments(input, { maxStringChars: 100 });
    expect(input).toEqual(copy);
  });

  it('keeps a __proto__ key as data rather than a prototype', () => {
    const input = JSON.parse('{"__proto__": {"token": "x"}, "a": 1}') as unknown;
    const out = redact(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ token: REDACTED });
  });
});

describe('redactArguments: values that look like keys', () => {
  const secrets: Record<string, string> = {
    jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    openai: 'sk-proj-abcDEF1234567890abcDEF1234567890',
    anthropic: 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345',
    github: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    slack: 'xoxb-123456789012-abcdefghijkl',
    aws: 'AKIAIOSFODNN7EXAMPLE',
    stripe: 'sk_live_51Habcdefghijklmnop',
    hex: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    base64: 'Zm9vYmFyQmF6UXV4MTIzNDU2Nzg5MGFiY2RlZkdISUpLTE1O',
    bearer: 'Bearer abc.def-ghi_jkl.mno123456',
  };
  for (const [name, value] of Object.entries(secrets)) {
    it(`redacts a ${name} value under an innocent key`, () => {
      expect(redact({ note: value })).toEqual({ note: REDACTED });
    });
  }

  it('replaces a key inside a sentence and keeps the sentence', () => {
    expect(redactString(`use ${secrets.github} for the repo`)).toBe(`use ${REDACTED} for the repo`);
    expect(redactString('Authorization: Bearer abcdefghijklmnopqrstuvwxyz')).toBe(`Authorization: ${REDACTED}`);
  });

  it('leaves ordinary values alone', () => {
    for (const value of [
      '550e8400-e29b-41d4-a716-446655440000',
      '/Users/ann/projects/portcullis/src/index.ts',
      'SELECT * FROM res_partner WHERE id = 42',
      'getUserAccountSettingsById',
      'Basic authentication is required',
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    ]) {
      expect(looksLikeRandomKey(value), value).toBe(false);
      expect(redactString(value), value).toBe(value);
    }
  });

  it('redacts key-looking strings inside arrays', () => {
    expect(redact(['plain', secrets.aws, 3])).toEqual(['plain', REDACTED, 3]);
  });
});

describe('redactArguments: size caps', () => {
  it('cuts a 20 MB string to the string cap with a marker', () => {
    // No timing here (the host is shared): the walk reads a window of the cap plus 256 characters, whatever the size.
    const big = 'a b '.repeat(5 * 1024 * 1024);
    const { value, truncated } = redactArguments({ blob: big });
    expect(truncated).toBe(true);
    const blob = (value as { blob: string }).blob;
    expect(blob.length).toBeLessThan(2100);
    expect(blob).toMatch(/…\[truncated \d+ chars\]$/);
  });

  it('bounds the whole value: many keys and long arrays are cut with markers', () => {
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, `value number ${i}`]));
    const { value, truncated } = redactArguments({ wide, list: Array.from({ length: 100_000 }, (_, i) => i) }, { maxTotalChars: 4096 });
    expect(truncated).toBe(true);
    const json = JSON.stringify(value);
    expect(json.length).toBeLessThan(4096 + 512);
    expect(json).toMatch(/\[truncated: \d+ more (keys|items)\]/);
  });

  it('replaces containers nested past the depth cap', () => {
    let deep: unknown = { leaf: 1 };
    for (let i = 0; i < 50; i++) deep = { next: deep };
    const { value, truncated } = redactArguments(deep, { maxDepth: 4 });
    expect(truncated).toBe(true);
    expect(value).toEqual({ next: { next: { next: { next: '[truncated: nested too deep]' } } } });
  });

  it('reports no truncation for ordinary arguments', () => {
    const input = { model: 'res.partner', domain: [['is_company', '=', true]], limit: 10 };
    expect(redactArguments(input)).toEqual({ value: input, truncated: false });
  });

  it('survives a cycle', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(redact(cyclic)).toEqual({ a: 1, self: '[circular]' });
  });
});

// The call log's redaction as one table: the names the issue found unredacted, ordinary
// names that must stay readable, and values whose secrets are masked in place.
describe('redactArguments: the table', () => {
  const MUST_REDACT = ['pass', 'pwd', 'key', 'api_key_id', 'private_key_pem', 'client_secret_value', 'session', 'sessionToken', 'X-Api-Key', 'db_pwd', 'secret_key_base', 'bearer'];
  const MUST_KEEP = ['keyword', 'monkey', 'passage', 'keys', 'sort_key', 'primary_key', 'max_tokens', 'token_count', 'author', 'secret_name', 'password_hint'];
  for (const name of MUST_REDACT) it(`redacts the value under '${name}'`, () => expect(redact({ [name]: 'v4lue' })).toEqual({ [name]: REDACTED }));
  for (const name of MUST_KEEP) it(`keeps the value under '${name}'`, () => expect(redact({ [name]: 'v4lue' })).toEqual({ [name]: 'v4lue' }));

  it("keeps 'keys' as a list of record keys", () => {
    expect(redact({ keys: ['name', 'email', 'phone'] })).toEqual({ keys: ['name', 'email', 'phone'] });
  });

  const MASKED_IN_PLACE: [string, string][] = [
    ['postgresql://app:PgPassw0rd@db.example.com:5432/app', `postgresql://app:${REDACTED}@db.example.com:5432/app`],
    ['https://api.example.com/v1?api_key=abc123&limit=5', `https://api.example.com/v1?api_key=${REDACTED}&limit=5`],
    ['the password is hunter2, retry', `the password is ${REDACTED}, retry`],
    ['login with password=hunter2 now', `login with password=${REDACTED} now`],
    ['AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', `AWS_SECRET_ACCESS_KEY=${REDACTED}`],
    ['aws secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY in text', `aws secret ${REDACTED} in text`],
    ['X-Api-Key: 9f8e7d6c5b4a\nAccept: */*', `X-Api-Key: ${REDACTED}\nAccept: */*`],
    ['push with 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 please', `push with ${REDACTED} please`],
  ];
  for (const [value, masked] of MASKED_IN_PLACE) {
    it(`masks ${JSON.stringify(value.slice(0, 40))} in place`, () => expect(redact({ note: value })).toEqual({ note: masked }));
  }
});
