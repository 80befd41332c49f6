import { expect, it } from 'vitest';
import { STORE_UNAVAILABLE, counterKey, isStoreUnavailable } from '../../../electron/gateway/policy/counter-store.js';

it('counterKey is unambiguous whatever the names contain', () => {
  expect(counterKey('odoo', 'all', 'grant:Cursor')).toBe('["odoo","all","grant:Cursor"]');
  // Joining with a separator would make these two the same key.
  expect(counterKey('a:b', 'c', 'd')).not.toBe(counterKey('a', 'b:c', 'd'));
  expect(counterKey('a","b', 'c', 'd')).not.toBe(counterKey('a', 'b', 'c","d'));
});

it('isStoreUnavailable: only an Error carrying the store-unavailable code', () => {
  expect(isStoreUnavailable(Object.assign(new Error('redis down'), { code: STORE_UNAVAILABLE }))).toBe(true);
  expect(isStoreUnavailable(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
  expect(isStoreUnavailable(new Error('store-unavailable'))).toBe(false);
  expect(isStoreUnavailable({ code: STORE_UNAVAILABLE, message: 'not an Error' })).toBe(false);
  expect(isStoreUnavailable(undefined)).toBe(false);
});
