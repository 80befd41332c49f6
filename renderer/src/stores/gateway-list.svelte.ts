// A list the window keeps in step with the gateway (grants, servers): loaded when first
// started, again on each live event the subclass says changed it and after the event stream
// came back; a failed load keeps the last list and says so in a toast.
import type { ApiEvent } from '../../../shared/api.js';
import { app } from './app.svelte.js';
import { toasts } from './toasts.svelte.js';

export abstract class GatewayList<T> {
  list = $state<T[]>([]);
  loaded = $state(false);
  private started = false;

  /** The list as the gateway has it now, in the order the window shows it. */
  protected abstract fetch(): Promise<T[]>;
  /** The toast's title when a load fails, e.g. "Could not load clients". */
  protected abstract readonly loadFailure: string;
  /** A live event: reload on the ones that change the list, or apply one in place. */
  protected abstract onEvent(event: ApiEvent): void;

  start(): void {
    if (this.started) return;
    this.started = true;
    app.on((event) => this.onEvent(event));
    app.onResume(() => void this.load());
    void this.load();
  }

  async load(): Promise<void> {
    try {
      this.list = await this.fetch();
      this.loaded = true;
    } catch (error) {
      toasts.error(error, this.loadFailure);
    }
  }
}
