// The Calls view's data: every loaded row sorted by call id (ids sort in arrival
// order), and the filtered view of them, kept up to date one event at a time so that
// 500 calls a second and 100,000 rows stay cheap. Pure: the rune store around it only
// turns `version` into reactivity.
//
// Rows come from two places: live events (complete from the moment the stream opened)
// and pages of history (complete back to the oldest row of the last page). A filter
// only shows rows at or after the point from which its matches are known to be
// complete, its "floor"; so a filtered history query never leaves holes in the
// unfiltered view. `''` as a floor means: back to the start of the log.
import type { CallFilter, CallPage, CallQuery, CallRecord, CallStarted } from '../../../shared/calls.js';
import { filterKey, isPending, lowerBound, matchesRow, type CallRow } from './call-rows.js';

interface Floor {
  id: string;
  time: string;
}

const COMPLETE: Floor = { id: '', time: '' };
const UNFILTERED = '{}';

interface Coverage {
  floor?: Floor;
  /** Continues `query` with older rows. */
  cursor?: string;
  query?: CallQuery;
}

export interface HistoryRequest {
  key: string;
  query: CallQuery;
}

const lower = (a: Floor | undefined, b: Floor | undefined): Floor | undefined => (a === undefined ? b : b === undefined ? a : a.id <= b.id ? a : b);
const higher = (a: Floor | undefined, b: Floor): Floor => (a === undefined || a.id < b.id ? b : a);

export class CallBuffer {
  private rows: CallRow[] = [];
  private readonly byId = new Map<string, CallRow>();
  private view: CallRow[] = [];
  private filter: CallFilter = {};
  private key = UNFILTERED;
  private liveFloor: Floor | undefined;
  private readonly coverage = new Map<string, Coverage>();
  /** Bumped on every change the view can see. */
  version = 0;
  /** Rows held that are calls still in flight (not in the log yet). */
  private pending = 0;

  constructor(readonly capacity = 200_000) {}

  /** Rows held, filtered or not. */
  get size(): number {
    return this.rows.length;
  }

  /** Calls held that have started and not finished: the log (and its counts) has them once they finish. */
  get inFlight(): number {
    return this.pending;
  }

  /** Rows the current filter shows. */
  get viewSize(): number {
    return this.view.length;
  }

  get currentFilter(): CallFilter {
    return this.filter;
  }

  /** The i-th row of the view, newest first. */
  at(index: number): CallRow | undefined {
    return this.view[this.view.length - 1 - index];
  }

  get(id: string): CallRow | undefined {
    return this.byId.get(id);
  }

  /** Where a row sits in the view (newest first), or -1. */
  indexOf(id: string): number {
    const i = lowerBound(this.view, id);
    return this.view[i]?.id === id ? this.view.length - 1 - i : -1;
  }

  /** True once the view reaches back to the first call ever logged. */
  get complete(): boolean {
    return this.effectiveFloor()?.id === '';
  }

  started(call: CallStarted): void {
    if (this.byId.has(call.id)) return; // the finished record won the race
    this.live({ ...call, pending: true });
  }

  finished(record: CallRecord): void {
    this.live(record);
  }

  /** Live rows are complete from the oldest one seen: the stream has carried every call since. */
  private live(row: CallRow): void {
    const before = this.effectiveFloor();
    this.liveFloor = lower(this.liveFloor, { id: row.id, time: row.time });
    this.upsert(row);
    if (this.effectiveFloor() !== before && before !== undefined) this.rebuildView();
  }

  setFilter(filter: CallFilter): void {
    this.filter = filter;
    this.key = filterKey(filter);
    this.rebuildView();
  }

  /** The query for the next older page under the current filter; undefined when there is none. */
  nextHistoryQuery(limit: number): HistoryRequest | undefined {
    const floor = this.effectiveFloor();
    if (floor?.id === '') return undefined;
    const own = this.coverage.get(this.key);
    if (own?.cursor && own.query) return { key: this.key, query: { ...own.query, cursor: own.cursor } };
    const query: CallQuery = { ...this.filter, limit };
    if (floor) {
      // `to` is exclusive and in ms; the same millisecond may hold more calls, which dedupe.
      const to = new Date(Date.parse(floor.time) + 1).toISOString();
      if (query.to === undefined || to < query.to) query.to = to;
    }
    return { key: this.key, query };
  }

  /** Adds a page answered for `request`; rows already held are kept as they are. */
  addHistory(request: HistoryRequest, page: CallPage): void {
    this.merge(page.records);
    const oldest = page.records[page.records.length - 1];
    const coverage = this.coverage.get(request.key) ?? {};
    coverage.query = { ...request.query, cursor: undefined };
    coverage.cursor = page.nextCursor;
    if (page.nextCursor === undefined) coverage.floor = COMPLETE;
    else if (oldest) coverage.floor = lower(coverage.floor, { id: oldest.id, time: oldest.time });
    this.coverage.set(request.key, coverage);
    this.enforceCapacity();
    this.rebuildView();
  }

  /** Forgets every row: the log was cleared, or the stream must be reloaded from scratch. */
  clear(): void {
    this.pending = 0;
    this.rows = [];
    this.byId.clear();
    this.coverage.clear();
    this.liveFloor = undefined;
    this.rebuildView();
  }

  private effectiveFloor(): Floor | undefined {
    const all = this.coverage.get(UNFILTERED)?.floor;
    const own = this.key === UNFILTERED ? undefined : this.coverage.get(this.key)?.floor;
    return lower(lower(this.liveFloor, all), own);
  }

  private visible(row: CallRow, floor: Floor | undefined): boolean {
    return floor !== undefined && row.id >= floor.id && matchesRow(row, this.filter);
  }

  private upsert(row: CallRow): void {
    const existing = this.byId.get(row.id);
    if (existing && !isPending(existing) && isPending(row)) return;
    if (existing ? isPending(existing) && !isPending(row) : isPending(row)) this.pending += existing ? -1 : 1;
    this.byId.set(row.id, row);
    const floor = this.effectiveFloor();
    if (existing) {
      replaceSorted(this.rows, row);
      const i = lowerBound(this.view, row.id);
      const inView = this.view[i]?.id === row.id;
      const show = this.visible(row, floor);
      if (inView && show) this.view[i] = row;
      else if (inView) this.view.splice(i, 1);
      else if (show) this.view.splice(i, 0, row);
    } else {
      insertSorted(this.rows, row);
      if (this.visible(row, floor)) insertSorted(this.view, row);
      this.enforceCapacity();
    }
    this.version++;
  }

  /** Adds many rows at once (a history page) in one linear merge. */
  private merge(records: readonly CallRecord[]): void {
    const fresh: CallRow[] = [];
    for (const record of records) {
      const existing = this.byId.get(record.id);
      if (existing && !isPending(existing)) continue;
      if (existing) {
        replaceSorted(this.rows, record);
        this.byId.set(record.id, record);
        this.pending--;
        continue;
      }
      this.byId.set(record.id, record);
      fresh.push(record);
    }
    if (fresh.length === 0) return;
    fresh.sort((a, b) => (a.id < b.id ? -1 : 1));
    this.rows = mergeSorted(this.rows, fresh);
  }

  private enforceCapacity(): void {
    if (this.rows.length <= this.capacity) return;
    // Drop a tenth at once so a steady stream does not shift the array on every call.
    const drop = this.rows.length - Math.floor(this.capacity * 0.9);
    for (const row of this.rows.slice(0, drop)) {
      this.byId.delete(row.id);
      if (isPending(row)) this.pending--;
    }
    this.rows.splice(0, drop);
    const first = this.rows[0];
    if (!first) return;
    const floor = { id: first.id, time: first.time };
    this.liveFloor = higher(this.liveFloor, floor);
    for (const coverage of this.coverage.values()) {
      if (coverage.floor !== undefined && coverage.floor.id < floor.id) {
        coverage.floor = floor;
        coverage.cursor = undefined;
      }
    }
    this.rebuildView();
  }

  private rebuildView(): void {
    const floor = this.effectiveFloor();
    const start = floor === undefined ? this.rows.length : lowerBound(this.rows, floor.id);
    const view: CallRow[] = [];
    const unfiltered = this.key === UNFILTERED;
    for (let i = start; i < this.rows.length; i++) {
      const row = this.rows[i] as CallRow;
      if (unfiltered || matchesRow(row, this.filter)) view.push(row);
    }
    this.view = view;
    this.version++;
  }
}

function insertSorted(rows: CallRow[], row: CallRow): void {
  const last = rows[rows.length - 1];
  if (!last || last.id < row.id) rows.push(row);
  else rows.splice(lowerBound(rows, row.id), 0, row);
}

function replaceSorted(rows: CallRow[], row: CallRow): void {
  const i = lowerBound(rows, row.id);
  if (rows[i]?.id === row.id) rows[i] = row;
}

function mergeSorted(a: CallRow[], b: CallRow[]): CallRow[] {
  if (a.length === 0) return b;
  const lastB = b[b.length - 1] as CallRow;
  if (lastB.id < (a[0] as CallRow).id) return b.concat(a);
  const out: CallRow[] = new Array<CallRow>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = (a[i] as CallRow).id <= (b[j] as CallRow).id ? (a[i++] as CallRow) : (b[j++] as CallRow);
  while (i < a.length) out[k++] = a[i++] as CallRow;
  while (j < b.length) out[k++] = b[j++] as CallRow;
  return out;
}
