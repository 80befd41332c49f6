import { describe, expect, it } from 'vitest';
import { findSecretPaths } from '../../../electron/gateway/secrets/secret-paths.js';

describe('findSecretPaths', () => {
  it('marks every leaf under a secret name, and strings with a secret inside', () => {
    const args = {
      session: 'sess-1',
      credentials: { user: 'ann', pass: 'p', nested: [1, 'two'] },
      note: 'use 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 for it',
      list: ['plain', 'postgresql://app:PgPassw0rd@db/app'],
      keyword: 'cats',
      password: '',
      token: null,
      auth: false,
      count: 3,
    };
    expect(findSecretPaths(args)).toEqual([
      ['session'],
      ['credentials', 'user'],
      ['credentials', 'pass'],
      ['credentials', 'nested', 0],
      ['credentials', 'nested', 1],
      ['note'],
      ['list', 1],
    ]);
  });

  it("takes the policy's extra names", () => {
    expect(findSecretPaths({ iban: 'DE89', name: 'x' }, ['iban'])).toEqual([['iban']]);
    expect(findSecretPaths({ iban: 'DE89' })).toEqual([]);
  });

  it('walks arguments nested deeper than any recursion would allow', () => {
    let deep: unknown = { password: 'x' };
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const [path] = findSecretPaths(deep);
    expect(path).toHaveLength(20_001);
    expect(path!.at(-1)).toBe('password');
  });
});
