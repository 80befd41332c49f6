// One pass over everything the call log holds, newest first, shared by query,
// stats and export. Sources, without double counting:
//   memory: ring records with ids above the ring's completeness boundary, and
//           not-yet-written records at or below it;
//   disk:   day files newest first, records at or below the boundary.
// After each batch it yields a ceiling: every record still to come has a smaller
// id, so a caller with a full page can stop without opening older files.
import type { CallFilter, CallRecord } from '../../../shared/calls.js';
import { matchesCallFilter } from '../../../shared/calls.js';
import { callIdFloor, callIdTime } from './call-id.js';
import type { ReadTally } from './log-files.js';
import { dayStartMs, listCallLogFiles, readCallLogFile, utcDay } from './log-files.js';

/** What a running gateway adds to the files: the feed's ring and the writer's buffer. */
export interface LiveCallSource {
  recent(): readonly CallRecord[];
  completeAbove(): string;
  pending(): readonly CallRecord[];
}

export interface CallLogSources {
  /** The logs folder. */
  dir: string;
  live?: LiveCallSource;
}

export interface ScanRange extends CallFilter {
  /** Only records with ids below this (a pagination cursor). */
  before?: string;
}

export type ScanItem = { record: CallRecord } | { ceiling: string };

/** Above every id (ids are lowercase base 36). */
const ABOVE_ALL_IDS = '~';

/** Checks and normalises from/to so string comparison with record times is time order. */
export function normaliseRange<T extends CallFilter>(filter: T): T {
  const out = { ...filter };
  for (const key of ['from', 'to'] as const) {
    const value = out[key];
    if (value === undefined) continue;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new RangeError(`"${key}" is not a valid time: ${value}`);
    out[key] = new Date(ms).toISOString();
  }
  return out;
}

export async function* scanCalls(sources: CallLogSources, range: ScanRange, tally: ReadTally): AsyncGenerator<ScanItem> {
  const filter = normaliseRange(range);
  const before = filter.before ?? ABOVE_ALL_IDS;
  const accepts = (record: CallRecord): boolean => record.id < before && matchesCallFilter(record, filter);

  const boundary = sources.live?.completeAbove() ?? ABOVE_ALL_IDS;
  const pendingIds = new Set<string>();
  if (sources.live) {
    for (const record of sources.live.recent()) {
      if (record.id > boundary && accepts(record)) yield { record };
    }
    for (const record of sources.live.pending()) {
      if (record.id > boundary) continue;
      pendingIds.add(record.id); // may reach disk while we read: skip it there
      if (accepts(record)) yield { record };
    }
  }
  let ceiling = boundary < before ? boundary : before;
  yield { ceiling };

  const files = await listCallLogFiles(sources.dir);
  const fromDay = filter.from !== undefined ? utcDay(filter.from) : '';
  const lastDay = (to: string): string => utcDay(Date.parse(to) - 1); // `to` is exclusive
  const toDay = filter.to !== undefined ? lastDay(filter.to) : '9999-12-31';
  for (let i = files.length - 1; i >= 0; i--) {
    const file = files[i];
    if (!file || file.day < fromDay) break;
    if (file.day > toDay) continue;
    if (ceiling !== ABOVE_ALL_IDS && file.day > utcDay(callIdTime(ceiling))) continue;
    for await (const record of readCallLogFile(file.path, tally)) {
      if (record.id <= boundary && !pendingIds.has(record.id) && accepts(record)) yield { record };
    }
    const floor = callIdFloor(dayStartMs(file.day));
    if (floor < ceiling) ceiling = floor;
    yield { ceiling };
  }
}
