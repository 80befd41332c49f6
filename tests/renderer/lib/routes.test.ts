import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash } from '../../../renderer/src/lib/routes.js';

describe('routes', () => {
  it('round-trips routes through the hash, calls being the home view', () => {
    expect(parseRoute('')).toEqual({ view: 'calls' });
    expect(parseRoute('#/nowhere')).toEqual({ view: 'calls' });
    expect(parseRoute('#/policy/my%20server')).toEqual({ view: 'policy', param: 'my server' });
    expect(routeHash({ view: 'catalog', param: 'a/b' })).toBe('#/catalog/a%2Fb');
    expect(parseRoute(routeHash({ view: 'catalog', param: 'a/b' }))).toEqual({ view: 'catalog', param: 'a/b' });
  });
});
