// A timeout that progress can push back: aborts its signal when `ms` pass without a reset.
// It also follows the downstream request's own signal, so one signal covers both ends
// (cheaper than AbortSignal.any on every call).
export class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;
  private unfollow?: () => void;
  /** True when the time ran out (as opposed to the downstream cancelling). */
  expired = false;

  constructor(private readonly ms: number, private readonly reason: () => Error, follow?: AbortSignal) {
    this.timer = setTimeout(() => this.expire(), ms);
    if (follow?.aborted) this.controller.abort(follow.reason);
    else if (follow) {
      const onAbort = () => this.controller.abort(follow.reason);
      follow.addEventListener('abort', onAbort, { once: true });
      this.unfollow = () => follow.removeEventListener('abort', onAbort);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private expire(): void {
    this.expired = true;
    this.controller.abort(this.reason());
  }

  reset(): void {
    if (this.controller.signal.aborted) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.expire(), this.ms);
  }

  clear(): void {
    clearTimeout(this.timer);
    this.unfollow?.();
  }
}
