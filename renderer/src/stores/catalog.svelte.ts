// Tool catalogs, per server, loaded when first shown and refreshed on change events.
import type { CatalogEntry } from '../../../shared/catalog.js';
import type { RiskOverride } from '../../../shared/catalog.js';
import { app } from './app.svelte.js';
import { toasts } from './toasts.svelte.js';

class CatalogStore {
  byServer = $state<Record<string, CatalogEntry[]>>({});
  loading = $state<Record<string, boolean>>({});
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    app.on((event) => {
      if (event.event === 'catalog-changed') {
        const { serverId } = event.data;
        if (serverId in this.byServer) void this.load(serverId);
      }
    });
    app.onResume(() => {
      for (const id of Object.keys(this.byServer)) void this.load(id);
    });
  }

  entries(serverId: string): CatalogEntry[] | undefined {
    return this.byServer[serverId];
  }

  /** Loads a server's catalog unless it is loaded or loading (call from effects and handlers). */
  ensure(serverId: string): void {
    if (!(serverId in this.byServer) && !this.loading[serverId]) void this.load(serverId);
  }

  /** Tool names of a server, for pickers. */
  toolNames(serverId: string): string[] {
    return (this.byServer[serverId] ?? []).filter((e) => e.status !== 'removed').map((e) => e.name);
  }

  async load(serverId: string): Promise<void> {
    this.loading[serverId] = true;
    try {
      const list = await app.client.listCatalog({ serverId });
      this.byServer[serverId] = list.sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
      toasts.error(error, `Could not load the catalog of ${serverId}`);
    } finally {
      this.loading[serverId] = false;
    }
  }

  private replace(entry: CatalogEntry): void {
    const list = this.byServer[entry.serverId];
    if (!list) return;
    const i = list.findIndex((e) => e.name === entry.name);
    if (i >= 0) list[i] = entry;
  }

  async review(serverId: string, tool: string): Promise<void> {
    this.replace(await app.client.reviewTool({ serverId, tool }));
  }

  async override(serverId: string, tool: string, override: RiskOverride | null): Promise<void> {
    this.replace(await app.client.overrideRisk({ serverId, tool, override }));
  }
}

export const catalog = new CatalogStore();
