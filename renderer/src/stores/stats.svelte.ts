// What the Calls header and chart say, both from the Api and for the same filter: how many
// calls match it over the whole log (`countCalls`), and calls, denials and rate-limited calls
// per bucket over the chart's range (`callStats`: the filter's time range, else the last hour).
import { matchesCallFilter, type CallFilter, type CallRecord } from '../../../shared/calls.js';
import { chartSeries, type ChartSeries } from '../lib/chart.js';
import { app } from './app.svelte.js';

const DEFAULT_RANGE_SECONDS = 3600;
const BARS = 60;
const MIN_INTERVAL_MS = 2_000;
/** A count that took long is asked for again less often (it reads the whole log). */
const COST_FACTOR = 20;

export interface ChartRange {
  seconds: number;
  /** `last hour`, `last 5 minutes`… */
  label: string;
}

export const DEFAULT_CHART_RANGE: ChartRange = { seconds: DEFAULT_RANGE_SECONDS, label: 'last hour' };

class StatsStore {
  series = $state<ChartSeries | undefined>();
  /** Over the chart's range. */
  total = $state(0);
  denials = $state(0);
  rateLimited = $state(0);
  range = $state<ChartRange>(DEFAULT_CHART_RANGE);
  /** Calls matching the filter over the whole log; undefined until the first answer. */
  count = $state<number | undefined>();
  private lastFetch = 0;
  private lastCost = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private filter: CallFilter = {};
  private key = '';
  private started = false;
  private answered = true;

  /** Follows the filter: refreshes now when it changed, else once the last refresh is old enough. */
  request(filter: CallFilter = this.filter, range: ChartRange = this.range): void {
    this.start();
    const key = JSON.stringify([filter, range.seconds]);
    const changed = key !== this.key;
    if (changed) {
      this.key = key;
      this.filter = filter;
      this.range = range;
      this.count = undefined;
    }
    const interval = Math.max(MIN_INTERVAL_MS, this.lastCost * COST_FACTOR);
    const wait = changed ? 0 : Math.max(0, this.lastFetch + interval - Date.now());
    if (this.timer !== undefined) {
      if (!changed) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.fetch(key);
    }, wait);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    app.on((event) => {
      if (event.event !== 'call-finished') return;
      this.countLive(event.data);
      this.request();
    });
  }

  /** Between answers the count follows the live feed; the next answer replaces it. */
  private countLive(record: CallRecord): void {
    if (this.answered && this.count !== undefined && matchesCallFilter(record, this.filter)) this.count++;
  }

  private async fetch(key: string): Promise<void> {
    const started = Date.now();
    this.lastFetch = started;
    this.answered = false;
    const { filter } = this;
    // Whole buckets, so they line up with the clock.
    const bucketSeconds = Math.max(1, Math.round(this.range.seconds / BARS));
    const to = Math.ceil(started / (bucketSeconds * 1000)) * bucketSeconds * 1000;
    const from = Math.max(to - this.range.seconds * 1000, filter.from ? Date.parse(filter.from) : 0);
    const chartFilter = { ...filter, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    try {
      const [stats, count] = await Promise.all([
        app.client.callStats({ ...chartFilter, bucketSeconds, topTools: 1 }),
        app.client.countCalls(filter),
      ]);
      if (key !== this.key) return; // the filter changed meanwhile: its own answer follows
      this.series = chartSeries(stats);
      this.total = stats.total;
      this.denials = stats.denials;
      this.rateLimited = stats.rateLimited;
      this.count = count.count;
      this.lastCost = Date.now() - started;
    } catch {
      // a summary: keep the last one and try again on the next refresh
    } finally {
      if (key === this.key) this.answered = true;
    }
  }
}

export const stats = new StatsStore();
