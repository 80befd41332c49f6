// The live call feed across replicas: each replica appends its finished and started calls
// to one capped stream (XADD MAXLEN ~), and reads everyone else's from it, so every
// replica's UI shows the calls of all replicas. Each replica still writes its own JSONL log;
// the stream is only the live view (capped, so it never grows without bound).
import { EventEmitter } from 'node:events';
import type { CallLogEvent } from '../../../../shared/calls.js';
import type { RedisLink } from './redis-link.js';

/** About this many entries are kept (MAXLEN ~ trims in whole nodes). */
export const FEED_MAX_LEN = 10_000;
const READ_BLOCK_MS = 1000;

export class RedisCallFeed extends EventEmitter<{ event: [CallLogEvent] }> {
  private readonly key: string;
  private lastId = '$';
  private reading = false;
  private stopped = false;
  /** A blocking XREAD needs its own connection. */
  private readonly reader;

  constructor(
    private readonly link: RedisLink,
    prefix: string,
    private readonly replica: string,
  ) {
    super();
    this.key = `${prefix}calls`;
    this.reader = link.client.duplicate();
    this.reader.on('error', () => undefined);
  }

  /** Appends one of this replica's events; never waits, never fails the call. */
  publish(event: CallLogEvent): void {
    if (!this.link.connected) return;
    const body = JSON.stringify(event);
    void this.link
      .run((client) => client.xAdd(this.key, '*', { r: this.replica, e: body }, { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: FEED_MAX_LEN } }))
      .catch(() => undefined);
  }

  /** Reads other replicas' events until stopped; reconnects with the link. */
  async start(): Promise<void> {
    const connecting = this.reader.connect().catch(() => undefined);
    // While Redis is away the reader keeps reconnecting: the team store starts degraded
    // meanwhile instead of waiting (the loop waits for the reader to be ready).
    if (this.link.connected) await connecting;
    void this.loop();
  }

  private async loop(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    while (!this.stopped) {
      try {
        if (!this.reader.isReady) {
          await sleep(200);
          continue;
        }
        const reply = await this.reader.xRead({ key: this.key, id: this.lastId }, { BLOCK: READ_BLOCK_MS, COUNT: 500 });
        if (!reply) continue;
        for (const stream of reply as Array<{ messages: Array<{ id: string; message: Record<string, string> }> }>) {
          for (const { id, message } of stream.messages) {
            this.lastId = id;
            if (message.r === this.replica || message.e === undefined) continue;
            try {
              this.emit('event', JSON.parse(message.e) as CallLogEvent);
            } catch {
              // one bad entry never stops the feed
            }
          }
        }
      } catch {
        if (!this.stopped) await sleep(200);
      }
    }
    this.reading = false;
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.reader.isOpen) this.reader.destroy();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
