import { expect, it } from 'vitest';
import { nameWords } from '../../shared/name-words.js';

it('splits camelCase, snake_case, kebab-case, SCREAMING and acronyms into lower-case words', () => {
  expect(nameWords('createInvoice')).toEqual(['create', 'invoice']);
  expect(nameWords('odoo_unlink')).toEqual(['odoo', 'unlink']);
  expect(nameWords('X-API-KEY')).toEqual(['x', 'api', 'key']);
  expect(nameWords('HTTPRequest')).toEqual(['http', 'request']);
  expect(nameWords('getV2Token')).toEqual(['get', 'v2', 'token']);
});

it('drops empty words from leading, trailing and repeated separators', () => {
  expect(nameWords('__read..file--')).toEqual(['read', 'file']);
  expect(nameWords('')).toEqual([]);
  expect(nameWords('---')).toEqual([]);
});
