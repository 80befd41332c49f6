// The window's views and their addresses (`#/catalog/everything`), so a view can be
// linked to, reloaded and navigated with the browser's back button.

export const VIEWS = ['calls', 'approvals', 'catalog', 'policy', 'servers', 'clients', 'settings', 'try'] as const;
export type ViewName = (typeof VIEWS)[number];

export interface Route {
  view: ViewName;
  /** A server id for catalog and policy; `server/tool` for try. */
  param?: string;
}

export function parseRoute(hash: string): Route {
  const [view, param] = hash.replace(/^#\/?/, '').split('/').map((part) => decodeURIComponent(part));
  const known = (VIEWS as readonly string[]).includes(view ?? '') ? (view as ViewName) : 'calls';
  return param ? { view: known, param } : { view: known };
}

export function routeHash(route: Route): string {
  return `#/${route.view}${route.param ? `/${encodeURIComponent(route.param)}` : ''}`;
}
