// The counter store the policy engine talks to. Small on purpose: the in-memory store
// (persisted by FileCounterStore) serves one gateway; the Redis store (store/redis/, team
// mode) implements the same interface for several gateways sharing budgets, with one Lua
// script giving the same all-or-nothing check-and-count on Redis's clock.

export interface CounterRequest {
  /** Server id + counter name + scope key; requests with the same key share one log. */
  key: string;
  windowMs: number;
  max: number;
  /** What this call adds. Requests with the same key in one batch carry the same amount; it is counted once. */
  amount: number;
  /** Keep entries this long: the longest window of any limit on this counter. */
  retainMs: number;
}

export type ConsumeResult =
  | {
      admitted: true;
      /** Per request: used in its window after this call was counted (or would be, on a dry run). */
      used: number[];
    }
  | {
      admitted: false;
      /** Per request: used in its window before this call (nothing was counted). */
      used: number[];
      /** Indexes of the requests that did not fit. */
      blocked: number[];
      /** When all blocked requests would fit again; undefined if one never can (amount > max). */
      retryAfterMs: number | undefined;
    };

export interface CounterStore {
  /**
   * Checks every request and, only if all fit, counts them: all or nothing. Implementations
   * must make check-and-count atomic against concurrent calls (the in-memory store never
   * yields between the two). A dry run checks without counting.
   */
  consume(requests: readonly CounterRequest[], now: number, options?: { dryRun?: boolean }): ConsumeResult | Promise<ConsumeResult>;
  /** Flushes and lets go (the file store writes its snapshot; the Redis store has nothing pending). */
  close?(): Promise<void>;
}

/**
 * A shared store (team mode's Redis) rejects with an error carrying this code while it cannot
 * be reached; the engine then fails closed unless the policy chose fail-open for the tool.
 */
export const STORE_UNAVAILABLE = 'store-unavailable';

export function isStoreUnavailable(error: unknown): error is Error & { code: typeof STORE_UNAVAILABLE } {
  return error instanceof Error && (error as { code?: unknown }).code === STORE_UNAVAILABLE;
}

/** `["server","counter","grant:Cursor"]`: unambiguous whatever the names contain. */
export function counterKey(serverId: string, counter: string, scopeKey: string): string {
  return JSON.stringify([serverId, counter, scopeKey]);
}
