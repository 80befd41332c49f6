// The router's guards: a view with unsaved work (the policy editor's draft) can keep the
// route from changing, whether the change comes from a link (hashchange) or from code.
import { beforeAll, describe, expect, test } from 'vitest';
import type { RouteGuard } from '../../../renderer/src/stores/router.svelte.js';

// The smallest window the router needs: a location hash, hashchange events, history.replaceState.
const fakeWindow = Object.assign(new EventTarget(), { location: { hash: '#/policy/odoo' } });
let router: typeof import('../../../renderer/src/stores/router.svelte.js').router;

beforeAll(async () => {
  Object.assign(globalThis, {
    window: fakeWindow,
    history: { state: null, replaceState: (_state: unknown, _title: string, url: string) => (fakeWindow.location.hash = url) },
  });
  ({ router } = await import('../../../renderer/src/stores/router.svelte.js'));
});

/** What a click on a sidebar link does: the address changes, then the browser says so. */
function followLink(hash: string): void {
  fakeWindow.location.hash = hash;
  fakeWindow.dispatchEvent(new Event('hashchange'));
}

describe('route guards', () => {
  test('a refusing guard keeps the route, from a link or from code, and the address goes back', () => {
    const asked: string[] = [];
    const guard: RouteGuard = (next) => {
      asked.push(`${next.view}/${next.param ?? ''}`);
      return next.view === 'policy' && next.param === 'odoo';
    };
    const remove = router.guard(guard);
    followLink('#/calls');
    expect(router.route).toEqual({ view: 'policy', param: 'odoo' });
    expect(fakeWindow.location.hash).toBe('#/policy/odoo');
    router.go('policy', 'memory');
    expect(router.route).toEqual({ view: 'policy', param: 'odoo' });
    expect(asked).toEqual(['calls/', 'policy/memory']);

    // The person said to leave: past the guard, and the hashchange that follows does not ask again.
    router.go('calls', undefined, true);
    expect(router.route).toEqual({ view: 'calls' });
    fakeWindow.dispatchEvent(new Event('hashchange'));
    expect(asked).toEqual(['calls/', 'policy/memory']);
    remove();
  });

  test('without guards every change goes through', () => {
    followLink('#/catalog/odoo');
    expect(router.route).toEqual({ view: 'catalog', param: 'odoo' });
  });
});
