// The link to the gateway: the client, the app info, the event stream's state, and
// the one subscription whose events every other store receives.
import { onApiEvent, type ApiEvent, type AppInfo } from '../../../shared/api.js';
import { ApiError } from '../lib/api/api-error.js';
import type { AppClient, ConnectionState } from '../lib/api/connection.js';

type Handler = (event: ApiEvent) => void;

class AppStore {
  info = $state<AppInfo | undefined>();
  connection = $state<ConnectionState>('connecting');
  /** Set when the gateway refuses us (no login cookie) or cannot be reached at start. */
  fatal = $state<{ kind: 'unauthorized' | 'unreachable'; message: string } | undefined>();
  private clientRef: AppClient | undefined;
  private readonly handlers = new Set<Handler>();
  private readonly resumeHandlers = new Set<() => void>();

  get client(): AppClient {
    if (!this.clientRef) throw new Error('the Api client is not started yet');
    return this.clientRef;
  }

  /** Connects: subscribe first, so nothing that happens while the views load is missed. */
  async start(client: AppClient): Promise<boolean> {
    this.clientRef = client;
    client.subscribe(
      onApiEvent((event) => {
        if (event.event === 'paused-changed' && this.info) this.info.paused = event.data.paused;
        else if (event.event === 'store-changed' && this.info) this.info.store = event.data;
        for (const handler of this.handlers) handler(event);
      }),
    );
    client.onConnection(({ state, resumed }) => {
      this.connection = state;
      if (!resumed) return;
      void this.refreshInfo(); // a restarted gateway may run on another port, paused or not
      for (const handler of this.resumeHandlers) handler();
    });
    try {
      this.info = await client.getInfo({});
      this.fatal = undefined;
      return true;
    } catch (error) {
      const unauthorized = error instanceof ApiError && error.code === 'unauthorized';
      this.fatal = { kind: unauthorized ? 'unauthorized' : 'unreachable', message: error instanceof Error ? error.message : String(error) };
      return false;
    }
  }

  /** The gateway is stopped or refuses this window: what the window shows may be stale, and nothing can be changed. */
  get offline(): boolean {
    return this.connection === 'unreachable' || this.connection === 'signed-out';
  }

  private async refreshInfo(): Promise<void> {
    try {
      this.info = await this.client.getInfo({});
    } catch {
      // the connection state says what is wrong
    }
  }

  /** Every live event, in order. */
  on(handler: Handler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** After the stream dropped and came back: reload, events may have been missed. */
  onResume(handler: () => void): () => void {
    this.resumeHandlers.add(handler);
    return () => this.resumeHandlers.delete(handler);
  }

  async setPaused(paused: boolean): Promise<void> {
    this.info = await this.client.setPaused({ paused });
  }
}

export const app = new AppStore();
