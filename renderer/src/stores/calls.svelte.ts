// The live call log: the CallBuffer fed by events and history pages, with reactivity
// batched to one update per animation frame however fast calls arrive.
import type { CallRecord, CallStarted } from '../../../shared/calls.js';
import { CallBuffer } from '../lib/call-buffer.js';
import { EMPTY_FILTER_FORM, toCallFilter, type FilterForm } from '../lib/call-filter-form.js';
import { app } from './app.svelte.js';
import { toasts } from './toasts.svelte.js';

const PAGE_SIZE = 500;

type Queued = { kind: 'started'; call: CallStarted } | { kind: 'finished'; record: CallRecord };

class CallsStore {
  readonly buffer = new CallBuffer();
  /** Follows buffer.version once per frame: read it to re-render on new rows. */
  version = $state(0);
  paused = $state(false);
  /** Events held while paused. */
  held = $state(0);
  form = $state<FilterForm>({ ...EMPTY_FILTER_FORM });
  loading = $state(false);
  complete = $state(false);
  selectedId = $state<string | undefined>();
  /** Servers, clients and tools seen so far, for the filter menus. */
  seen = $state({ servers: [] as string[], grants: [] as string[], tools: [] as string[] });

  private queue: Queued[] = [];
  private frame: number | undefined;
  private started = false;
  private readonly seenSets = { servers: new Set<string>(), grants: new Set<string>(), tools: new Set<string>() };

  start(): void {
    if (this.started) return;
    this.started = true;
    app.on((event) => {
      if (event.event === 'call-started') this.push({ kind: 'started', call: event.data });
      else if (event.event === 'call-finished') this.push({ kind: 'finished', record: event.data });
    });
    app.onResume(() => void this.reloadNewest());
    void this.loadOlder();
  }

  private push(item: Queued): void {
    if (this.paused) {
      this.queue.push(item);
      if (this.queue.length > this.buffer.capacity) this.queue.splice(0, this.queue.length - this.buffer.capacity);
      this.held = this.queue.length;
      return;
    }
    this.apply(item);
    this.schedule();
  }

  private apply(item: Queued): void {
    if (item.kind === 'started') this.buffer.started(item.call);
    else this.buffer.finished(item.record);
    const row = item.kind === 'started' ? item.call : item.record;
    this.remember(row.server, row.grant, row.tool);
  }

  private remember(server: string, grant: string, tool: string): void {
    const { servers, grants, tools } = this.seenSets;
    if (servers.has(server) && grants.has(grant) && tools.has(tool)) return;
    servers.add(server);
    grants.add(grant);
    tools.add(tool);
    this.seen = { servers: [...servers].sort(), grants: [...grants].sort(), tools: [...tools].sort() };
  }

  private schedule(): void {
    if (this.frame !== undefined) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = undefined;
      this.version = this.buffer.version;
    });
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (paused) return;
    for (const item of this.queue) this.apply(item);
    this.queue = [];
    this.held = 0;
    this.schedule();
  }

  setForm(form: FilterForm): void {
    this.form = form;
    this.buffer.setFilter(toCallFilter(form, Date.now()));
    this.complete = this.buffer.complete;
    this.version = this.buffer.version;
    // Older matches the loaded rows do not reach: fetch the first page for this filter.
    if (this.buffer.viewSize < PAGE_SIZE) void this.loadOlder();
  }

  /** The next page of history for the current filter (scrolling to the end asks for it). */
  async loadOlder(): Promise<void> {
    if (this.loading) return;
    const request = this.buffer.nextHistoryQuery(PAGE_SIZE);
    if (!request) {
      this.complete = true;
      return;
    }
    this.loading = true;
    try {
      const page = await app.client.queryCalls(request.query);
      this.buffer.addHistory(request, page);
      for (const r of page.records) this.remember(r.server, r.grant, r.tool);
      this.complete = this.buffer.complete;
      this.version = this.buffer.version;
    } catch (error) {
      toasts.error(error, 'Could not load older calls');
    } finally {
      this.loading = false;
    }
  }

  /** After a dropped stream: the newest page fills what was missed. */
  private async reloadNewest(): Promise<void> {
    try {
      const page = await app.client.queryCalls({ limit: PAGE_SIZE });
      for (const record of page.records.slice().reverse()) this.buffer.finished(record);
      this.version = this.buffer.version;
    } catch {
      // the next resume tries again
    }
  }

  select(id: string | undefined): void {
    this.selectedId = id;
  }
}

export const calls = new CallsStore();
