// One timer for many deadlines, set for the earliest. The hot path's per-request deadlines
// (a call's timeout, an answer's turn to SSE) are nearly all met, and a timer per request
// emptied and rebuilt node's timer lists on every call. Here a request notes its deadline
// (a comparison), and the owner finds what is overdue when the one timer fires.
export class DeadlineTimer {
  private timer: NodeJS.Timeout | undefined;
  private due = Infinity;

  /**
   * `onDue(now)` handles everything due by `now` (performance.now() time) and returns the
   * next deadline still pending, or Infinity.
   */
  constructor(private readonly onDue: (now: number) => number) {}

  /** Makes sure the timer fires by `deadline` (performance.now() time). */
  watch(deadline: number): void {
    if (deadline >= this.due) return;
    clearTimeout(this.timer);
    this.due = deadline;
    // Unref'd: what it watches (a connection, a response) keeps the process alive itself.
    this.timer = setTimeout(() => this.fire(), Math.max(0, deadline - performance.now())).unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.due = Infinity;
  }

  private fire(): void {
    this.timer = undefined;
    this.due = Infinity;
    const next = this.onDue(performance.now());
    if (next !== Infinity) this.watch(next);
  }
}
