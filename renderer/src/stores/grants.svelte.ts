// Client grants (named tokens).
import type { ApiEvent } from '../../../shared/api.js';
import type { GrantInfo } from '../../../shared/config.js';
import { app } from './app.svelte.js';
import { GatewayList } from './gateway-list.svelte.js';

class GrantsStore extends GatewayList<GrantInfo> {
  protected readonly loadFailure = 'Could not load clients';

  protected async fetch(): Promise<GrantInfo[]> {
    return (await app.client.listGrants({})).sort((a, b) => a.name.localeCompare(b.name));
  }

  protected onEvent(event: ApiEvent): void {
    if (event.event === 'grants-changed') void this.load();
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
