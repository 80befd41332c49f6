// Team mode's shared store, composed: one Redis for every replica's counters, held
// approvals, catalog pins and live call feed, a heartbeat per replica, and the state the UI
// shows. Loaded only by `serve --store redis://…` (a dynamic import), so the desktop never
// loads a Redis client. Config and policies stay files that each replica hot-reloads.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { StoreStatus } from '../../../../shared/config.js';
import { RedisApprovals } from './redis-approvals.js';
import { RedisCallFeed } from './redis-call-feed.js';
import { RedisCatalogPins } from './redis-catalog-pins.js';
import { RedisCounterStore } from './redis-counter-store.js';
import { RedisLink, type RedisLinkOptions } from './redis-link.js';
import { parseRedisUrl } from './redis-url.js';
import { ReplicaHeartbeat } from './replica-heartbeat.js';

export interface TeamStoreOptions extends RedisLinkOptions {
  /** `redis://host:port[/db]`. */
  url: string;
  /** Keys and channels start with `<namespace>:`. Default `portcullis`. */
  namespace?: string;
  /** Default `<hostname>-<pid>-<random>`. */
  replica?: string;
  heartbeatMs?: number;
  /** How long to wait for Redis at start before starting degraded (it keeps reconnecting). Default 5000 ms. */
  connectWaitMs?: number;
  log?: (message: string) => void;
}

export class TeamStore {
  readonly counters: RedisCounterStore;
  readonly approvals: RedisApprovals;
  readonly pins: RedisCatalogPins;
  readonly feed: RedisCallFeed;
  private readonly heartbeat: ReplicaHeartbeat;
  private readonly statusListeners = new Set<(status: StoreStatus) => void>();
  private readonly reconnectListeners = new Set<() => void>();

  private constructor(
    private readonly link: RedisLink,
    readonly replica: string,
    prefix: string,
    options: TeamStoreOptions,
  ) {
    this.heartbeat = new ReplicaHeartbeat(link, prefix, replica, {
      ...(options.heartbeatMs !== undefined ? { intervalMs: options.heartbeatMs } : {}),
      onBeat: () => void this.approvals.sweepLost().catch(() => undefined),
    });
    this.counters = new RedisCounterStore(link, prefix);
    this.approvals = new RedisApprovals(link, prefix, this.heartbeat);
    this.pins = new RedisCatalogPins(link, prefix, replica);
    this.feed = new RedisCallFeed(link, prefix, replica);
  }

  static async open(options: TeamStoreOptions): Promise<TeamStore> {
    const log = options.log ?? (() => undefined);
    const target = parseRedisUrl(options.url);
    const link = new RedisLink(target, options);
    const replica = options.replica ?? `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    const store = new TeamStore(link, replica, `${options.namespace ?? 'portcullis'}:`, options);
    link.on('state', (state) => {
      log(state.state === 'connected' ? `shared store ${state.url}: connected` : `shared store ${state.url} unreachable: ${state.error ?? ''}; calls under a limit or an approval fail closed until it is back`);
      for (const listener of store.statusListeners) listener(store.status());
      if (state.state === 'connected') void store.resync();
    });
    // Subscriptions are restored by the client itself after a reconnect; made once, when first up.
    link.subscriber.once('ready', () => {
      void Promise.all([store.approvals.subscribe(), store.pins.subscribe()]).catch((error: unknown) => log(`shared store: subscribing failed: ${(error as Error).message}`));
    });
    const connected = link.connect().then(() => true, () => false);
    const waited = await Promise.race([connected, new Promise<false>((resolve) => setTimeout(() => resolve(false), options.connectWaitMs ?? 5000).unref())]);
    if (!waited) log(`shared store ${target.shown} is not reachable yet; starting degraded (calls under a limit or an approval fail closed) and reconnecting`);
    store.heartbeat.start();
    await store.feed.start();
    return store;
  }

  status(): StoreStatus {
    return { ...this.link.state, replica: this.replica };
  }

  onStatus(listener: (status: StoreStatus) => void): void {
    this.statusListeners.add(listener);
  }

  /** After every (re)connect: shared state may have moved on meanwhile. */
  onReconnect(listener: () => void): void {
    this.reconnectListeners.add(listener);
  }

  private async resync(): Promise<void> {
    await Promise.all([this.approvals.load(), this.pins.load()]).catch(() => undefined);
    for (const listener of this.reconnectListeners) listener();
  }

  async close(): Promise<void> {
    await this.heartbeat.stop();
    await this.feed.close();
    await this.link.close();
  }
}
