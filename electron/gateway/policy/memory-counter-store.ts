// Counters in memory: one sliding log per counter key (see sliding-log.ts for the algorithm).
// consume() is synchronous from check to count, so concurrent calls can never both take
// the last unit of a budget.
import type { ConsumeResult, CounterRequest, CounterStore } from './counter-store.js';
import { fitsWithin, SlidingLog, type LogEntry } from './sliding-log.js';

/** Stands in, read only, for a key that has no log yet. */
const NO_ENTRIES = new SlidingLog(0);

/** A clock that stepped back is clamped to the key's newest entry (see sliding-log.ts). */
function clamped(now: number, log: SlidingLog): number {
  return Math.max(now, log.lastTime);
}

/** Requests with the same key in one batch carry the same amount; it is counted once. */
function countedBefore(requests: readonly CounterRequest[], i: number): boolean {
  const key = (requests[i] as CounterRequest).key;
  for (let j = 0; j < i; j++) if ((requests[j] as CounterRequest).key === key) return true;
  return false;
}

export interface CounterSnapshot {
  [key: string]: { retainMs: number; entries: LogEntry[] };
}

export class MemoryCounterStore implements CounterStore {
  private readonly logs = new Map<string, SlidingLog>();
  /** Called after every call that counted something (used for write-behind persistence). */
  onChange: (() => void) | undefined;

  consume(requests: readonly CounterRequest[], now: number, options: { dryRun?: boolean } = {}): ConsumeResult {
    // Runs on every call that has limits: plain loops, nothing allocated beyond the result.
    const used: number[] = [];
    let blocked: number[] | undefined;
    for (let i = 0; i < requests.length; i++) {
      const request = requests[i] as CounterRequest;
      const log = this.logs.get(request.key) ?? NO_ENTRIES;
      const inWindow = log.usedIn(request.windowMs, clamped(now, log));
      used.push(inWindow);
      if (!fitsWithin(inWindow, request.amount, request.max)) (blocked ??= []).push(i);
    }
    if (blocked) {
      let retryAfterMs: number | undefined = 0;
      for (const i of blocked) {
        const request = requests[i] as CounterRequest;
        const log = this.logs.get(request.key) ?? NO_ENTRIES;
        const wait = log.retryAfterMs(request.windowMs, request.max, request.amount, clamped(now, log));
        retryAfterMs = wait === undefined || retryAfterMs === undefined ? undefined : Math.max(retryAfterMs, wait);
      }
      return { admitted: false, used, blocked, retryAfterMs };
    }
    // From here `used` is what each window holds once this call is counted.
    for (let i = 0; i < requests.length; i++) used[i] = (used[i] as number) + (requests[i] as CounterRequest).amount;
    if (options.dryRun) return { admitted: true, used };
    for (let i = 0; i < requests.length; i++) {
      const request = requests[i] as CounterRequest;
      let log = this.logs.get(request.key);
      if (!log) this.logs.set(request.key, (log = new SlidingLog(request.retainMs)));
      log.retainMs = Math.max(request.retainMs, request.windowMs);
      if (countedBefore(requests, i)) continue;
      const time = clamped(now, log);
      log.add(time, request.amount);
      log.prune(time);
    }
    if (requests.length > 0) this.onChange?.();
    return { admitted: true, used };
  }

  /** Drops expired entries everywhere and forgets keys with nothing left (e.g. ended sessions). */
  sweep(now: number): void {
    for (const [key, log] of this.logs) {
      log.prune(now);
      if (log.size === 0) this.logs.delete(key);
    }
  }

  get keyCount(): number {
    return this.logs.size;
  }

  snapshot(): CounterSnapshot {
    const out: CounterSnapshot = {};
    for (const [key, log] of this.logs) if (log.size > 0) out[key] = { retainMs: log.retainMs, entries: log.entries() };
    return out;
  }

  restore(snapshot: CounterSnapshot): void {
    this.logs.clear();
    for (const [key, { retainMs, entries }] of Object.entries(snapshot)) this.logs.set(key, SlidingLog.fromEntries(entries, retainMs));
  }
}
