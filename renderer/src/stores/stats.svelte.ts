// Calls and denials per minute over the last hour, for the chart above the log.
// CallStats has per-bucket counts of all calls only, so denials per bucket come from
// one stats query per denial verdict (same range and buckets).
import type { CallFilter, CallVerdict } from '../../../shared/calls.js';
import { chartSeries, type ChartSeries } from '../lib/chart.js';
import { app } from './app.svelte.js';

const DENIAL_VERDICTS: CallVerdict[] = ['denied', 'hidden', 'approval-denied', 'approval-timeout', 'approval-withdrawn'];
const WINDOW_MINUTES = 60;
const MIN_INTERVAL_MS = 2_000;

class StatsStore {
  series = $state<ChartSeries | undefined>();
  total = $state(0);
  denials = $state(0);
  private lastFetch = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private scope: CallFilter = {};

  /** Refreshes now if the last refresh is old enough, else once it is. */
  request(scope: CallFilter = this.scope): void {
    const changed = JSON.stringify(scope) !== JSON.stringify(this.scope);
    this.scope = scope;
    const wait = changed ? 0 : Math.max(0, this.lastFetch + MIN_INTERVAL_MS - Date.now());
    if (this.timer !== undefined) {
      if (!changed) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.fetch();
    }, wait);
  }

  private async fetch(): Promise<void> {
    this.lastFetch = Date.now();
    // Whole minutes, so the buckets line up with the clock.
    const to = Math.ceil(Date.now() / 60_000) * 60_000;
    const range = { ...this.scope, from: new Date(to - WINDOW_MINUTES * 60_000).toISOString(), to: new Date(to).toISOString(), bucketSeconds: 60, topTools: 1 };
    try {
      const [all, ...denials] = await Promise.all([
        app.client.callStats(range),
        ...DENIAL_VERDICTS.map((decision) => app.client.callStats({ ...range, decision })),
      ]);
      if (!all) return;
      this.series = chartSeries(all, denials);
      this.total = all.total;
      this.denials = all.denials;
    } catch {
      // the chart is a summary: keep the last one and try again on the next refresh
    }
  }
}

export const stats = new StatsStore();
