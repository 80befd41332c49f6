// Each replica says it is alive: a key with a TTL, renewed well inside it. A replica whose
// key has expired is gone (killed, or cut off from Redis), and what it held is lost.
import type { RedisLink } from './redis-link.js';

export interface HeartbeatOptions {
  /** How often the key is renewed. Default 2000 ms. */
  intervalMs?: number;
  /** How long the key lives without renewal. Default 3 × interval. */
  ttlMs?: number;
  /** After each beat (or failed beat): the owner checks its peers then. */
  onBeat?: () => void;
}

export class ReplicaHeartbeat {
  private timer: NodeJS.Timeout | undefined;
  readonly ttlMs: number;

  constructor(
    private readonly link: RedisLink,
    private readonly prefix: string,
    readonly replica: string,
    private readonly options: HeartbeatOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 3 * (options.intervalMs ?? 2000);
  }

  keyOf(replica: string): string {
    return `${this.prefix}replica:${replica}`;
  }

  start(): void {
    const beat = () => {
      void this.link
        .run((client) => client.set(this.keyOf(this.replica), new Date().toISOString(), { PX: this.ttlMs }))
        .catch(() => undefined) // unreachable: the link's state says so
        .finally(() => this.options.onBeat?.());
    };
    beat();
    this.timer = setInterval(beat, this.options.intervalMs ?? 2000);
    this.timer.unref();
  }

  /** Which of `replicas` are alive now (their key exists). */
  async alive(replicas: readonly string[]): Promise<Set<string>> {
    if (replicas.length === 0) return new Set();
    const values = await this.link.run((client) => client.mGet(replicas.map((r) => this.keyOf(r))));
    return new Set(replicas.filter((_, i) => values[i] !== null));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.link.run((client) => client.del(this.keyOf(this.replica))).catch(() => undefined);
  }
}
