// A timeout that progress can push back: aborts its signal when `ms` pass without a reset.
export class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;

  constructor(private readonly ms: number, private readonly reason: () => Error) {
    this.timer = setTimeout(() => this.controller.abort(this.reason()), ms);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  reset(): void {
    if (this.controller.signal.aborted) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(this.reason()), this.ms);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}
