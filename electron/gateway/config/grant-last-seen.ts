// When each grant's token was last used. It runs on every authenticated request, so a request
// costs one Set lookup: a grant's time is stamped at most once per few seconds (a clock read is
// ~0.4 µs on a loaded VM, more than the rest of this), and config.json gets the times at most
// once per interval and on close: a busy client costs one small write a minute, not one a call.
import type { GrantInfo } from '../../../shared/config.js';
import type { ConfigStore } from '../store/config-store.js';

export const LAST_SEEN_WRITE_INTERVAL_MS = 60_000;
/** How stale a shown "last seen" may be. */
export const LAST_SEEN_RESOLUTION_MS = 5_000;

export interface GrantLastSeenOptions {
  intervalMs?: number;
  resolutionMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

export class GrantLastSeen {
  /** Grant name → epoch ms of its last request. */
  private readonly seen = new Map<string, number>();
  /** Grants stamped within the current resolution: their next requests cost a lookup only. */
  private readonly fresh = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private freshTimer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly store: ConfigStore, private readonly options: GrantLastSeenOptions = {}) {
    this.intervalMs = options.intervalMs ?? LAST_SEEN_WRITE_INTERVAL_MS;
    this.now = options.now ?? Date.now;
  }

  /** A request with this grant's token arrived. */
  note(grant: string): void {
    if (this.fresh.has(grant)) return;
    this.fresh.add(grant);
    this.seen.set(grant, this.now());
    if (this.freshTimer === undefined) {
      this.freshTimer = setTimeout(() => {
        this.freshTimer = undefined;
        this.fresh.clear();
      }, this.options.resolutionMs ?? LAST_SEEN_RESOLUTION_MS);
      this.freshTimer.unref();
    }
    if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.flush(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** The grants as listed, each with the later of its stored and its noted last-seen time. */
  merge(grants: GrantInfo[]): GrantInfo[] {
    return grants.map((grant) => {
      const noted = this.seen.get(grant.name);
      if (noted === undefined || (grant.lastSeenAt !== undefined && Date.parse(grant.lastSeenAt) >= noted)) return grant;
      return { ...grant, lastSeenAt: new Date(noted).toISOString() };
    });
  }

  /** Writes the noted times (only where later than what the file holds) and forgets them. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.seen.size === 0) return;
    const noted = new Map(this.seen);
    this.seen.clear();
    try {
      await this.store.update((data) => {
        for (const grant of data.grants) {
          const at = noted.get(grant.name);
          if (at === undefined || (grant.lastSeenAt !== undefined && Date.parse(grant.lastSeenAt) >= at)) continue;
          grant.lastSeenAt = new Date(at).toISOString();
        }
      });
    } catch (error) {
      // Keep what was not written (newer notes win) for the next try.
      for (const [name, at] of noted) if ((this.seen.get(name) ?? 0) < at) this.seen.set(name, at);
      this.options.onError?.(error);
    }
  }
}
