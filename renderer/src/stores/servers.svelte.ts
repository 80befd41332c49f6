// Registered upstream servers and their live status.
import type { ApiEvent, ApiInput, ServerView } from '../../../shared/api.js';
import type { ServerStatus } from '../../../shared/config.js';
import { app } from './app.svelte.js';
import { GatewayList } from './gateway-list.svelte.js';
import { toasts } from './toasts.svelte.js';

class ServersStore extends GatewayList<ServerView> {
  protected readonly loadFailure = 'Could not load servers';

  protected async fetch(): Promise<ServerView[]> {
    return (await app.client.listServers({})).sort((a, b) => (a.config.id < b.config.id ? -1 : 1));
  }

  protected onEvent(event: ApiEvent): void {
    if (event.event === 'server-status') this.setStatus(event.data);
    else if (event.event === 'servers-changed') void this.load();
  }

  get ids(): string[] {
    return this.list.map((s) => s.config.id);
  }

  get(id: string | undefined): ServerView | undefined {
    return this.list.find((s) => s.config.id === id);
  }

  private setStatus(status: ServerStatus): void {
    const server = this.list.find((s) => s.config.id === status.id);
    if (server) server.status = status;
  }

  async add(input: ApiInput<'addServer'>): Promise<ServerView> {
    const view = await app.client.addServer(input);
    await this.load();
    return view;
  }

  async update(input: ApiInput<'updateServer'>): Promise<ServerView> {
    const view = await app.client.updateServer(input);
    await this.load();
    return view;
  }

  async remove(id: string): Promise<void> {
    await app.client.removeServer({ id });
    this.list = this.list.filter((s) => s.config.id !== id);
  }

  /** "Try the demo": the bundled demo server (the real Odoo tool catalog, canned answers) and its policy. */
  async installDemo(): Promise<string> {
    const { serverId } = await app.client.installDemo({});
    await this.load();
    return serverId;
  }

  /** OAuth sign-in: the browser finishes it; the server's status turns ready on its own once it has. */
  async signIn(id: string): Promise<void> {
    const { authorizationUrl } = await app.client.signInServer({ id });
    window.open(authorizationUrl, '_blank', 'noopener,noreferrer');
    toasts.show('success', `Finish signing in to ${id} in the browser tab that opened.`);
  }

  async signOut(id: string): Promise<void> {
    await app.client.signOutServer({ id });
    await this.load();
  }

  async restart(id: string): Promise<void> {
    await app.client.restartServer({ id });
  }
}

export const servers = new ServersStore();
