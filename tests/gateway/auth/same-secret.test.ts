import { expect, it } from 'vitest';
import { sameSecret } from '../../../electron/gateway/auth/same-secret.js';

it('equal secrets match, including empty and non-ASCII ones', () => {
  expect(sameSecret('pct_abc', 'pct_abc')).toBe(true);
  expect(sameSecret('', '')).toBe(true);
  expect(sameSecret('clé✓', 'clé✓')).toBe(true);
});

it('a different byte, a prefix or a longer value does not match (and never throws on unequal lengths)', () => {
  expect(sameSecret('pct_abc', 'pct_abd')).toBe(false);
  expect(sameSecret('pct_abc', 'pct_ab')).toBe(false);
  expect(sameSecret('pct_ab', 'pct_abc')).toBe(false);
  expect(sameSecret('é', 'e\u0301')).toBe(false);
});
