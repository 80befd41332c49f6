// Counters in memory: one sliding log per counter key (see sliding-log.ts for the algorithm).
// consume() is synchronous from check to count, so concurrent calls can never both take
// the last unit of a budget.
import type { ConsumeResult, CounterRequest, CounterStore } from './counter-store.js';
import { SlidingLog, type LogEntry } from './sliding-log.js';

export interface CounterSnapshot {
  [key: string]: { retainMs: number; entries: LogEntry[] };
}

export class MemoryCounterStore implements CounterStore {
  private readonly logs = new Map<string, SlidingLog>();
  /** Called after every call that counted something (used for write-behind persistence). */
  onChange: (() => void) | undefined;

  consume(requests: readonly CounterRequest[], now: number, options: { dryRun?: boolean } = {}): ConsumeResult {
    const empty = new SlidingLog(0);
    // A clock that stepped back is clamped to the key's newest entry (see sliding-log.ts).
    const at = (log: SlidingLog) => Math.max(now, log.lastTime);
    const used: number[] = [];
    const blocked: number[] = [];
    requests.forEach((request, i) => {
      const log = this.logs.get(request.key) ?? empty;
      used.push(log.usedIn(request.windowMs, at(log)));
      if (!log.fits(request.windowMs, request.max, request.amount, at(log))) blocked.push(i);
    });
    if (blocked.length > 0) {
      let retryAfterMs: number | undefined = 0;
      for (const i of blocked) {
        const request = requests[i] as CounterRequest;
        const log = this.logs.get(request.key) ?? empty;
        const wait = log.retryAfterMs(request.windowMs, request.max, request.amount, at(log));
        retryAfterMs = wait === undefined || retryAfterMs === undefined ? undefined : Math.max(retryAfterMs, wait);
      }
      return { admitted: false, used, blocked, retryAfterMs };
    }
    const after = requests.map((request, i) => (used[i] as number) + request.amount);
    if (options.dryRun) return { admitted: true, used: after };
    const counted = new Set<string>();
    for (const request of requests) {
      let log = this.logs.get(request.key);
      if (!log) this.logs.set(request.key, (log = new SlidingLog(request.retainMs)));
      log.retainMs = Math.max(request.retainMs, request.windowMs);
      if (counted.has(request.key)) continue;
      counted.add(request.key);
      const time = at(log);
      log.add(time, request.amount);
      log.prune(time);
    }
    if (requests.length > 0) this.onChange?.();
    return { admitted: true, used: after };
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
