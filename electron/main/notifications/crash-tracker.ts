// "Crashed repeatedly": a server that fails this many times in a row without becoming
// ready in between. One notification per streak, not one per restart.
import type { ServerStatus } from '../../../shared/config.js';

export const CRASH_STREAK = 3;

export class CrashTracker {
  private readonly streaks = new Map<string, { failures: number; notified: boolean }>();

  constructor(private readonly threshold = CRASH_STREAK) {}

  /** Feeds one status change; returns the streak length when it is time to tell the person. */
  observe(status: ServerStatus): number | undefined {
    if (status.state === 'ready' || status.state === 'stopped') {
      this.streaks.delete(status.id);
      return undefined;
    }
    if (status.state !== 'failed') return undefined;
    const streak = this.streaks.get(status.id) ?? { failures: 0, notified: false };
    streak.failures++;
    this.streaks.set(status.id, streak);
    if (streak.notified || streak.failures < this.threshold) return undefined;
    streak.notified = true;
    return streak.failures;
  }
}
