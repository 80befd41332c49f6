import { expect, it } from 'vitest';
import { routeHash } from '../../../../electron/main/window/window-route.js';

it('is /view, with the server id encoded as one path segment', () => {
  expect(routeHash({ view: 'approvals' })).toBe('/approvals');
  expect(routeHash({ view: 'catalog', param: 'odoo' })).toBe('/catalog/odoo');
  expect(routeHash({ view: 'policy', param: 'my server/#1' })).toBe('/policy/my%20server%2F%231');
  expect(routeHash({ view: 'policy', param: '' })).toBe('/policy');
});
