// Paged queries over the call log: filters, newest first, cursor pagination.
// The cursor is the id of the last record of a page: ids sort by arrival, so
// the next page is "matching records with smaller ids", stable while new calls
// keep arriving. Memory is bounded by the page size, whatever the files hold.
import type { CallPage, CallQuery, CallRecord } from '../../../shared/calls.js';
import { CALL_QUERY_DEFAULT_LIMIT, CALL_QUERY_MAX_LIMIT } from '../../../shared/calls.js';
import type { CallLogSources } from './call-log-scan.js';
import { scanCalls } from './call-log-scan.js';

const byIdDescending = (a: CallRecord, b: CallRecord): number => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Keeps the `size` records with the largest ids seen, without keeping the rest. */
class NewestRecords {
  private records: CallRecord[] = [];
  private readonly ids = new Set<string>();

  constructor(private readonly size: number) {}

  add(record: CallRecord): void {
    if (this.ids.has(record.id)) return;
    this.ids.add(record.id);
    this.records.push(record);
    if (this.records.length >= this.size * 2) this.compact();
  }

  /** True when `size` records are held and all of them have ids at or above `ceiling`. */
  isFullAbove(ceiling: string): boolean {
    this.compact();
    const last = this.records[this.size - 1];
    return last !== undefined && last.id >= ceiling;
  }

  sorted(): CallRecord[] {
    this.compact();
    return this.records;
  }

  private compact(): void {
    this.records.sort(byIdDescending);
    if (this.records.length > this.size) {
      for (const dropped of this.records.splice(this.size)) this.ids.delete(dropped.id);
    }
  }
}

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return CALL_QUERY_DEFAULT_LIMIT;
  return Math.min(CALL_QUERY_MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

export async function queryCalls(sources: CallLogSources, query: CallQuery): Promise<CallPage> {
  const limit = clampLimit(query.limit);
  const { limit: _limit, cursor, ...filter } = query;
  const tally = { skippedLines: 0 };
  // One more than the page, to know whether an older page exists.
  const newest = new NewestRecords(limit + 1);
  for await (const item of scanCalls(sources, { ...filter, before: cursor }, tally)) {
    if ('record' in item) newest.add(item.record);
    else if (newest.isFullAbove(item.ceiling)) break;
  }
  const found = newest.sorted();
  const records = found.slice(0, limit);
  const page: CallPage = { records, skippedLines: tally.skippedLines };
  const last = records[records.length - 1];
  if (found.length > limit && last) page.nextCursor = last.id;
  return page;
}
