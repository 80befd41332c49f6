// Rows of the call log as the UI holds them: finished records, plus calls still in
// flight (seen in `call-started`, not yet in `call-finished`).
import { matchesCallFilter, type CallFilter, type CallRecord, type CallStarted } from '../../../shared/calls.js';

export interface PendingCall extends CallStarted {
  pending: true;
}

export type CallRow = CallRecord | PendingCall;

export function isPending(row: CallRow): row is PendingCall {
  return (row as Partial<PendingCall>).pending === true;
}

const NO_LATENCY = { gatewayMs: 0, upstreamMs: 0, totalMs: 0 };

/** The shared filter for finished rows; an in-flight row has no decision or outcome yet, so those filters skip it. */
export function matchesRow(row: CallRow, filter: CallFilter): boolean {
  if (!isPending(row)) return matchesCallFilter(row, filter);
  if (filter.decision !== undefined || filter.upstream !== undefined) return false;
  return matchesCallFilter({ ...row, decision: 'allow', upstream: 'not-called', latency: NO_LATENCY }, filter);
}

/** Index of the first row whose id is >= `id` (rows sorted by id, ascending). */
export function lowerBound(rows: readonly { id: string }[], id: string): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid] as { id: string }).id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A stable key for a filter: same filter, same key, whatever the property order. */
export function filterKey(filter: CallFilter): string {
  const entries = Object.entries(filter).filter(([, value]) => value !== undefined && value !== '');
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(entries));
}
