// One shared ticking "now" for countdowns and "5 min ago" labels (one timer, not one per row).
class Clock {
  now = $state(Date.now());
  private users = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  /** Call from an $effect: ticks while anyone uses it. */
  use(): () => void {
    if (this.users++ === 0) this.timer = setInterval(() => (this.now = Date.now()), 1000);
    return () => {
      if (--this.users === 0) clearInterval(this.timer);
    };
  }
}

export const clock = new Clock();
