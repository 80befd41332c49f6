// Client grants (named tokens).
import type { GrantInfo } from '../../../shared/config.js';
import { app } from './app.svelte.js';
import { toasts } from './toasts.svelte.js';

class GrantsStore {
  list = $state<GrantInfo[]>([]);
  loaded = $state(false);
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    app.on((event) => {
      if (event.event === 'grants-changed') void this.load();
    });
    app.onResume(() => void this.load());
    void this.load();
  }

  async load(): Promise<void> {
    try {
      this.list = (await app.client.listGrants({})).sort((a, b) => a.name.localeCompare(b.name));
      this.loaded = true;
    } catch (error) {
      toasts.error(error, 'Could not load clients');
    }
  }

  async create(name: string): Promise<{ grant: GrantInfo; token: string }> {
    const created = await app.client.createGrant({ name });
    await this.load();
    return created;
  }

  async revoke(name: string): Promise<void> {
    await app.client.revokeGrant({ name });
    this.list = this.list.filter((g) => g.name !== name);
  }
}

export const grants = new GrantsStore();
