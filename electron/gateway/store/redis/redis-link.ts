// One Redis connection for commands and one for subscriptions, with the state the UI shows
// (connected, or unreachable with the error) and automatic reconnects. Commands are never
// queued while Redis is away (disableOfflineQueue) and time out: a call under a limit gets
// its answer (refused, fail closed) at once instead of waiting for Redis to come back.
import { EventEmitter } from 'node:events';
import { createClient } from 'redis';
import type { StoreStatus } from '../../../../shared/config.js';
import type { RedisTarget } from './redis-url.js';

function makeClient(url: string, commandTimeoutMs: number, maxReconnectDelayMs: number) {
  return createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: commandTimeoutMs, rejectInFlight: true },
    socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, maxReconnectDelayMs) },
  });
}

export type RedisClient = ReturnType<typeof makeClient>;

export type StoreState = Omit<StoreStatus, 'replica'>;

/** Thrown by store operations while Redis cannot be reached. */
export class StoreUnavailableError extends Error {
  readonly code = 'store-unavailable';
  constructor(shownUrl: string, cause: string) {
    super(`the shared store ${shownUrl} is unreachable (${cause})`);
  }
}

export interface RedisLinkOptions {
  /** A command that gets no answer within this is failed. Default 2000 ms. */
  commandTimeoutMs?: number;
  /** Longest wait between reconnect attempts. Default 2000 ms. */
  maxReconnectDelayMs?: number;
}

export class RedisLink extends EventEmitter<{ state: [StoreState] }> {
  readonly client: RedisClient;
  readonly subscriber: RedisClient;
  private current: StoreState;

  constructor(
    readonly target: RedisTarget,
    options: RedisLinkOptions = {},
  ) {
    super();
    const make = () => makeClient(target.url, options.commandTimeoutMs ?? 2000, options.maxReconnectDelayMs ?? 2000);
    this.client = make();
    this.subscriber = make();
    this.current = { kind: 'redis', url: target.shown, state: 'unreachable', error: 'not connected yet', since: new Date().toISOString() };
    this.client.on('ready', () => this.set('connected'));
    this.client.on('error', (error: Error) => this.set('unreachable', error));
    this.client.on('end', () => this.set('unreachable', new Error('connection closed')));
    this.subscriber.on('error', () => undefined); // its state follows the command connection's
  }

  /** Connects both. With Redis unreachable it keeps retrying (the store runs degraded meanwhile) and fails, with the store named, only when closed first. */
  async connect(): Promise<void> {
    try {
      await Promise.all([this.client.connect(), this.subscriber.connect()]);
    } catch (error) {
      await this.close();
      throw new StoreUnavailableError(this.target.shown, describe(error));
    }
  }

  get state(): StoreState {
    return this.current;
  }

  get connected(): boolean {
    return this.current.state === 'connected';
  }

  /** Runs a command; a failure to reach Redis becomes StoreUnavailableError. */
  async run<T>(work: (client: RedisClient) => Promise<T>): Promise<T> {
    if (!this.connected || !this.client.isReady) throw new StoreUnavailableError(this.target.shown, this.current.error ?? 'not connected');
    try {
      return await work(this.client);
    } catch (error) {
      if (isConnectionError(error)) {
        this.set('unreachable', error as Error);
        throw new StoreUnavailableError(this.target.shown, describe(error));
      }
      throw error;
    }
  }

  private set(state: StoreState['state'], error?: Error): void {
    const message = error ? describe(error) : undefined;
    if (state === this.current.state && message === this.current.error) return;
    if (state === 'unreachable' && this.current.state === 'unreachable' && message !== undefined) {
      this.current = { ...this.current, error: message }; // same outage, a new attempt's error: no event
      return;
    }
    this.current = { kind: 'redis', url: this.target.shown, state, ...(message !== undefined ? { error: message } : {}), since: new Date().toISOString() };
    this.emit('state', this.current);
  }

  async close(): Promise<void> {
    for (const client of [this.subscriber, this.client]) {
      if (client.isOpen) await client.close().catch(() => undefined);
    }
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  return message.replace(/(rediss?:\/\/)[^@/\s]*@/gi, '$1***@');
}

/** Errors that mean Redis is away (not a script or data error). */
function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return /ClientClosed|ClientOffline|SocketClosed|Timeout|ECONNREFUSED|ECONNRESET|EPIPE|connection|socket/i.test(`${error.name} ${error.message}`);
}
