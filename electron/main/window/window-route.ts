// Which view of the renderer to show: its routes live in the location hash (`#/approvals`).
export type WindowView = 'calls' | 'approvals' | 'catalog' | 'policy' | 'servers' | 'clients' | 'settings';

export interface WindowRoute {
  view: WindowView;
  /** A server id, for catalog and policy. */
  param?: string;
}

/** The hash without '#', as `loadFile(…, { hash })` takes it. */
export function routeHash(route: WindowRoute): string {
  return `/${route.view}${route.param ? `/${encodeURIComponent(route.param)}` : ''}`;
}
