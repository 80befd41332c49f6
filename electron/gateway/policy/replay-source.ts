// The call log as replay reads it: one server's records oldest first, streamed a day file at
// a time (each day sorted by call id, which is arrival order), never the whole log at once.
// The live gateway's buffered records are flushed to disk by the caller first.
import type { CallRecord } from '../../../shared/calls.js';
import { matchesCallFilter, type CallFilter } from '../../../shared/calls.js';
import { normaliseRange } from '../calllog/call-log-scan.js';
import { listCallLogFiles, readCallLogFile, utcDay, type ReadTally } from '../calllog/log-files.js';

export async function* callsOldestFirst(dir: string, filter: CallFilter & { server: string }, tally: ReadTally): AsyncGenerator<CallRecord> {
  const range = normaliseRange(filter);
  const fromDay = range.from !== undefined ? utcDay(range.from) : '';
  const toDay = range.to !== undefined ? utcDay(Date.parse(range.to) - 1) : '9999-12-31';
  for (const file of await listCallLogFiles(dir)) {
    if (file.day < fromDay || file.day > toDay) continue;
    const day: CallRecord[] = [];
    for await (const record of readCallLogFile(file.path, tally)) if (matchesCallFilter(record, range)) day.push(record);
    day.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    yield* day;
  }
}
