// The live event stream of the Api: every UI binding (SSE, IPC) subscribes here.
import type { ApiEventListener, ApiEventName, ApiEvents } from '../../shared/api.js';

export class EventBus {
  private readonly listeners = new Set<ApiEventListener>();

  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // One broken subscriber must not starve the others.
      }
    }
  }

  subscribe(listener: ApiEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }
}
