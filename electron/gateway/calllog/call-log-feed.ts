// The live side of the call log: `callStarted`/`callFinished` events for the UI
// and `portcullis calls --follow`, and a ring of recent records so queries of
// recent calls are answered from memory.
import type { CallLogEvent, CallRecord, CallStarted } from '../../../shared/calls.js';
import { callIdFloor } from './call-id.js';
import { RingBuffer } from './ring-buffer.js';

export type CallLogListener = (event: CallLogEvent) => void;

export interface CallLogFeedOptions {
  /** Recent records kept in memory. Default 20,000. */
  capacity?: number;
  /** When this process began recording; the ring holds every record since. Default now. */
  startMs?: number;
  /** A listener threw; the others still run and the call is not affected. */
  onListenerError?: (error: unknown) => void;
}

export class CallLogFeed {
  private readonly ring: RingBuffer<CallRecord>;
  private readonly listeners = new Set<CallLogListener>();
  private boundary: string;
  /** Team mode: this process's own events also go here (to the other replicas); theirs come back through receive(). */
  mirror: CallLogListener | undefined;

  constructor(private readonly options: CallLogFeedOptions = {}) {
    this.ring = new RingBuffer(options.capacity ?? 20_000);
    // Every call of this process arrives at or after startMs, so it gets an id above this.
    this.boundary = callIdFloor((options.startMs ?? Date.now()) - 1);
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: CallLogListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  started(call: CallStarted): void {
    const event: CallLogEvent = { type: 'callStarted', call };
    this.emit(event);
    this.mirror?.(event);
  }

  finished(record: CallRecord): void {
    const evicted = this.ring.push(record);
    if (evicted && evicted.id > this.boundary) this.boundary = evicted.id;
    const event: CallLogEvent = { type: 'callFinished', record };
    this.emit(event);
    this.mirror?.(event);
  }

  /** Another replica's call (team mode): shown live to subscribers; it is in that replica's log, not this one's ring. */
  receive(event: CallLogEvent): void {
    this.emit(event);
  }

  /** Records held in the ring. */
  get size(): number {
    return this.ring.size;
  }

  /** Recent records in the order they finished. */
  recent(): CallRecord[] {
    return this.ring.toArray();
  }

  /**
   * Every record this process finished with an id above this one is in the ring.
   * Older ids must come from disk (or the writer's buffer).
   */
  completeAbove(): string {
    return this.boundary;
  }

  private emit(event: CallLogEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.onListenerError?.(error);
      }
    }
  }
}
