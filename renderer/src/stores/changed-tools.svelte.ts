// Tools whose definition changed (or that appeared) since a person reviewed them, over every
// server: the sidebar's Catalog badge, and a toast the moment one turns up. The catalog store
// holds the entries; this keeps every server's catalog loaded so nothing flagged goes unseen.
import type { CatalogEntry } from '../../../shared/catalog.js';
import { app } from './app.svelte.js';
import { catalog } from './catalog.svelte.js';
import { servers } from './servers.svelte.js';
import { toasts } from './toasts.svelte.js';

const isFlagged = (entry: CatalogEntry) => entry.status === 'changed' || entry.status === 'new';

class ChangedToolsStore {
  /** Flagged tools per server. */
  readonly byServer = $derived(
    Object.fromEntries(Object.entries(catalog.byServer).map(([id, entries]) => [id, entries.filter(isFlagged)])) as Record<string, CatalogEntry[]>,
  );
  readonly count = $derived(Object.values(this.byServer).reduce((n, list) => n + list.length, 0));
  /** The first server with a flagged tool: where the badge leads. */
  readonly firstServer = $derived(Object.keys(this.byServer).sort().find((id) => (this.byServer[id]?.length ?? 0) > 0));
  private started = false;
  /** `server\0tool@hash` of what was flagged at the last look, per server seen. */
  private known = new Map<string, Set<string>>();

  start(): void {
    if (this.started) return;
    this.started = true;
    app.on((event) => {
      // The catalog store reloads the servers it holds; a server not loaded yet is loaded here.
      if (event.event === 'catalog-changed' && !(event.data.serverId in catalog.byServer)) catalog.ensure(event.data.serverId);
    });
    $effect.root(() => {
      $effect(() => {
        for (const id of servers.ids) catalog.ensure(id);
      });
      $effect(() => this.announce(this.byServer));
    });
  }

  /** A toast for each flagged definition not seen before (not for what was flagged when the window opened). */
  private announce(byServer: Record<string, CatalogEntry[]>): void {
    for (const [serverId, entries] of Object.entries(byServer)) {
      const now = new Set(entries.map((e) => `${e.name}@${e.hash}`));
      const before = this.known.get(serverId);
      this.known.set(serverId, now);
      if (!before) continue;
      const fresh = entries.filter((e) => !before.has(`${e.name}@${e.hash}`));
      if (fresh.length === 0) continue;
      const names = fresh.slice(0, 3).map((e) => `'${e.name}'`).join(', ') + (fresh.length > 3 ? ` and ${fresh.length - 3} more` : '');
      const what = fresh.every((e) => e.status === 'new') ? 'appeared' : 'changed its definition';
      toasts.show('info', `${serverId}: ${names} ${what} since it was reviewed. Review it in Catalog before trusting it.`, 10_000);
    }
  }
}

export const changedTools = new ChangedToolsStore();
