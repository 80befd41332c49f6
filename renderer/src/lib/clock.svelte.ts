// One shared ticking "now" for countdowns and "5 min ago" labels (one timer, not one per row).
class Clock {
  private tick = $state(Date.now());
  private users = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  /**
   * The time now. While nobody ticks the clock (before a view's first effect runs) it reads the
   * real time, so a countdown's first paint is right, not the value of the last tick long ago.
   * It always reads `tick`, so whatever shows it updates once the ticking starts.
   */
  get now(): number {
    const tick = this.tick;
    return this.users === 0 ? Date.now() : tick;
  }

  /** Call from an $effect: ticks while anyone uses it. */
  use(): () => void {
    if (this.users++ === 0) {
      this.tick = Date.now();
      this.timer = setInterval(() => (this.tick = Date.now()), 1000);
    }
    return () => {
      if (--this.users === 0) clearInterval(this.timer);
    };
  }
}

export const clock = new Clock();
