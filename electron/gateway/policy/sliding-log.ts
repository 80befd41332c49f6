// The sliding log behind every limit: exact sliding windows, no approximation.
//
// Algorithm. Each counter key keeps a log of what it admitted: (time in ms, amount),
// in time order, with entries of the same millisecond merged. A call at `now` fits a
// limit {window W, max} when the amounts logged in (now - W, now] plus its own amount
// are at most max; only then is it appended. Because every admission checks the W
// before it, and admissions are in time order (a clock that steps back is clamped to
// the last entry's time, which only makes the log stricter), no half-open interval of
// length W ever holds more than max: take the latest entry in any such interval; all
// others lie in its own (t - W, t], which was checked when it was admitted.
// An entry at t stops counting at exactly t + W.
//
// Cost. Running totals are kept beside the times, so the used amount in a window is one
// binary search (O(log n)) and the retry time another. Entries older than the longest
// window that uses the key are dropped (amortised O(1), by advancing a head index and
// compacting now and then). Memory per key is O(entries admitted within the longest
// window): for call-count limits at most `max` entries (each admitted call adds 1),
// for amount limits at most the number of admitted calls (zero amounts add nothing)
// and never more than one entry per millisecond of the window.
//
// Very large budgets. A limit like 100,000 a day would keep up to 100,000 entries (and
// write them all to counters.json). Past COARSEN_AFTER entries, a new admission within
// retainMs / COARSEN_AFTER of the newest entry is merged into it and moves its time
// forward. Calls then count a little longer than they happened (never shorter), so the
// guarantee above still holds; the price is that such a limit may refuse up to
// retainMs / COARSEN_AFTER early (about 21 s for a day window). Memory stays at most
// about 2 × COARSEN_AFTER entries per key. Below that size the log is exact.

/** Float amounts (spend caps) may sum to 100.00000000000001; that still fits 100. */
const EPSILON = 1e-9;
const COARSEN_AFTER = 4096;

export type LogEntry = [time: number, amount: number];

/** Whether `amount` more fits a window that has `used` of `max`. */
export function fitsWithin(used: number, amount: number, max: number): boolean {
  return used + amount <= max + EPSILON;
}

export class SlidingLog {
  private times: number[] = [];
  /** cumulative[i] = total of all amounts up to and including entry i (since the last compaction). */
  private cumulative: number[] = [];
  /** Entries before head have been pruned. */
  private head = 0;
  /** Total of the pruned entries: the running total just before entry `head`. */
  private base = 0;

  /** How long entries are kept: the longest window of any limit on this key. */
  constructor(public retainMs: number) {}

  static fromEntries(entries: readonly LogEntry[], retainMs: number): SlidingLog {
    const log = new SlidingLog(retainMs);
    for (const [time, amount] of [...entries].sort((a, b) => a[0] - b[0])) log.add(time, amount);
    return log;
  }

  get size(): number {
    return this.times.length - this.head;
  }

  /** Time of the newest entry, or -Infinity when empty. */
  get lastTime(): number {
    return this.size > 0 ? (this.times[this.times.length - 1] as number) : -Infinity;
  }

  private get total(): number {
    return this.size > 0 ? (this.cumulative[this.cumulative.length - 1] as number) : this.base;
  }

  /** Running total just before entry i (i >= head). */
  private totalBefore(i: number): number {
    return i === this.head ? this.base : (this.cumulative[i - 1] as number);
  }

  /** First index (>= head) whose time is after `time`. */
  private firstAfter(time: number): number {
    let hi = this.times.length;
    // Usually `time` is now, at or after the newest entry: no search (a log may hold thousands).
    if (hi === this.head || (this.times[hi - 1] as number) <= time) return hi;
    let lo = this.head;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.times[mid] as number) > time) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Amount admitted in (now - windowMs, now]. */
  usedIn(windowMs: number, now: number): number {
    const end = this.firstAfter(now);
    const start = this.firstAfter(now - windowMs);
    if (start >= end) return 0;
    return (this.cumulative[end - 1] as number) - this.totalBefore(start);
  }

  fits(windowMs: number, max: number, amount: number, now: number): boolean {
    return fitsWithin(this.usedIn(windowMs, now), amount, max);
  }

  /**
   * Milliseconds from now until `amount` fits {windowMs, max}, assuming nothing else is
   * admitted meanwhile; 0 if it fits now; undefined if it never can (amount > max).
   */
  retryAfterMs(windowMs: number, max: number, amount: number, now: number): number | undefined {
    if (amount > max + EPSILON) return undefined;
    if (this.fits(windowMs, max, amount, now)) return 0;
    // The oldest entries in the window must expire until what is left plus amount fits:
    // find the first entry j whose expiry (times[j] + windowMs) leaves total - cumulative[j] + amount <= max.
    const start = this.firstAfter(now - windowMs);
    const end = this.firstAfter(now);
    const latestTotal = this.cumulative[end - 1] as number;
    const target = latestTotal + amount - max - EPSILON;
    let lo = start;
    let hi = end - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) >= target) hi = mid;
      else lo = mid + 1;
    }
    return (this.times[lo] as number) + windowMs - now;
  }

  /** Appends an admitted amount. Times must not go backwards: callers clamp with lastTime. */
  add(time: number, amount: number): void {
    if (!(amount > 0)) return;
    const at = Math.max(time, this.lastTime);
    const last = this.cumulative.length - 1;
    const mergeWithin = this.size >= COARSEN_AFTER ? this.retainMs / COARSEN_AFTER : 0;
    if (this.size > 0 && at - (this.times[last] as number) <= mergeWithin) {
      this.times[last] = at;
      this.cumulative[last] = (this.cumulative[last] as number) + amount;
      return;
    }
    const total = this.total;
    this.times.push(at);
    this.cumulative.push(total + amount);
  }

  /** Drops entries that no window on this key can see any more (time <= now - retainMs). */
  prune(now: number): void {
    const keepFrom = this.firstAfter(now - this.retainMs);
    if (keepFrom === this.head) return;
    this.base = this.cumulative[keepFrom - 1] as number;
    this.head = keepFrom;
    if (this.head >= 64 && this.head * 2 >= this.times.length) this.compact();
  }

  /** Moves live entries to the front and rebases the running totals (keeps float totals small). */
  private compact(): void {
    const base = this.base;
    this.times = this.times.slice(this.head);
    this.cumulative = this.cumulative.slice(this.head).map((value) => value - base);
    this.head = 0;
    this.base = 0;
  }

  entries(): LogEntry[] {
    const out: LogEntry[] = [];
    for (let i = this.head; i < this.times.length; i++) {
      out.push([this.times[i] as number, (this.cumulative[i] as number) - this.totalBefore(i)]);
    }
    return out;
  }
}
