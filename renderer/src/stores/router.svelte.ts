// The current view, kept in the location hash.
import { parseRoute, routeHash, type Route, type ViewName } from '../lib/routes.js';

/** Asked before the route changes; false keeps the current route (the guard then asks the person itself). */
export type RouteGuard = (next: Route) => boolean;

class Router {
  route = $state<Route>(parseRoute(window.location.hash));
  private guards = new Set<RouteGuard>();

  constructor() {
    window.addEventListener('hashchange', () => {
      const next = parseRoute(window.location.hash);
      if (routeHash(next) === routeHash(this.route)) return;
      // Refused: the address goes back to the current route, without a new history entry.
      if (!this.allowed(next)) history.replaceState(history.state, '', routeHash(this.route));
      else this.route = next;
    });
  }

  /** A view holding unsaved work registers a guard while it is shown; the returned function removes it. */
  guard(guard: RouteGuard): () => void {
    this.guards.add(guard);
    return () => this.guards.delete(guard);
  }

  /** `force`: past the guards (the person already said to leave). */
  go(view: ViewName, param?: string, force = false): void {
    const next: Route = param ? { view, param } : { view };
    if (!force && !this.allowed(next)) return;
    const hash = routeHash(next);
    if (window.location.hash !== hash) {
      // The hashchange that follows must not ask again.
      if (force) this.route = next;
      window.location.hash = hash;
    } else this.route = parseRoute(hash);
  }

  private allowed(next: Route): boolean {
    for (const guard of this.guards) if (!guard(next)) return false;
    return true;
  }
}

export const router = new Router();
