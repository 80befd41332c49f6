// The current view, kept in the location hash.
import { parseRoute, routeHash, type Route, type ViewName } from '../lib/routes.js';

class Router {
  route = $state<Route>(parseRoute(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => (this.route = parseRoute(window.location.hash)));
  }

  go(view: ViewName, param?: string): void {
    const hash = routeHash(param ? { view, param } : { view });
    if (window.location.hash !== hash) window.location.hash = hash;
    else this.route = parseRoute(hash);
  }
}

export const router = new Router();
