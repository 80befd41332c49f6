// Call-log export as JSONL or CSV, as strings or as a stream of chunks, and the
// parsers that read an export back. CSV has one column per scalar field and
// JSON columns for `arguments` and `counters`; a cell that a spreadsheet would
// run as a formula (= + - @) is prefixed with an apostrophe, which parsing removes.
import type { CallExportFormat, CallFilter, CallRecord } from '../../../shared/calls.js';
import { callVerdict } from '../../../shared/calls.js';
import type { CallLogSources } from './call-log-scan.js';
import { scanCalls } from './call-log-scan.js';
import { csvRow, parseCsv } from './csv.js';
import { isCallRecord, parseCallLine } from './log-files.js';

type Cell = string | number | boolean | undefined;
type Draft = Record<string, unknown>;

interface Column {
  name: string;
  get(record: CallRecord): Cell;
  /** Sets the field from a non-empty cell; absent for derived columns. */
  set?(draft: Draft, cell: string): void;
}

function sub(draft: Draft, key: string): Draft {
  const existing = draft[key];
  if (typeof existing === 'object' && existing !== null) return existing as Draft;
  const created: Draft = {};
  draft[key] = created;
  return created;
}

const text = (name: string, field: keyof CallRecord): Column => ({
  name,
  get: (r) => r[field] as Cell,
  set: (d, cell) => void (d[field] = cell),
});
const nested = (name: string, parent: 'client' | 'approval' | 'latency', field: string, kind: 'string' | 'number'): Column => ({
  name,
  get: (r) => (r[parent] as Record<string, Cell> | undefined)?.[field],
  set: (d, cell) => void (sub(d, parent)[field] = kind === 'number' ? Number(cell) : cell),
});
const json = (name: string, field: keyof CallRecord): Column => ({
  name,
  get: (r) => (r[field] === undefined ? undefined : JSON.stringify(r[field])),
  set: (d, cell) => void (d[field] = JSON.parse(cell)),
});

export const CALL_CSV_COLUMNS: readonly Column[] = [
  text('id', 'id'),
  text('time', 'time'),
  text('server', 'server'),
  text('grant', 'grant'),
  text('session', 'session'),
  nested('client_name', 'client', 'name', 'string'),
  nested('client_version', 'client', 'version', 'string'),
  text('tool', 'tool'),
  text('decision', 'decision'),
  { name: 'verdict', get: (r) => callVerdict(r) },
  text('rule', 'rule'),
  text('reason', 'reason'),
  nested('approval_id', 'approval', 'id', 'string'),
  nested('approval_outcome', 'approval', 'outcome', 'string'),
  nested('approval_scope', 'approval', 'scope', 'string'),
  nested('approval_reason', 'approval', 'reason', 'string'),
  nested('approval_waited_ms', 'approval', 'waitedMs', 'number'),
  json('counters', 'counters'),
  text('pin', 'pin'),
  text('upstream', 'upstream'),
  text('error', 'error'),
  { name: 'result_bytes', get: (r) => r.resultBytes, set: (d, cell) => void (d.resultBytes = Number(cell)) },
  nested('gateway_ms', 'latency', 'gatewayMs', 'number'),
  nested('upstream_ms', 'latency', 'upstreamMs', 'number'),
  nested('total_ms', 'latency', 'totalMs', 'number'),
  { name: 'arguments_truncated', get: (r) => r.argumentsTruncated, set: (d, cell) => void (d.argumentsTruncated = cell === 'true') },
  json('arguments', 'arguments'),
  // Last, so tools-only readers that index columns by position are unaffected; empty for tools/call.
  text('method', 'method'),
];

const FORMULA_START = /^[=+\-@\t\r']/;

function toCell(value: Cell): string {
  if (value === undefined) return '';
  const cell = String(value);
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function fromCell(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

export function callsCsvHeader(): string {
  return csvRow(CALL_CSV_COLUMNS.map((c) => c.name));
}

export function callToCsvRow(record: CallRecord): string {
  return csvRow(CALL_CSV_COLUMNS.map((c) => toCell(c.get(record))));
}

export function formatCallsCsv(records: Iterable<CallRecord>): string {
  let out = callsCsvHeader();
  for (const record of records) out += callToCsvRow(record);
  return out;
}

export function formatCallsJsonl(records: Iterable<CallRecord>): string {
  let out = '';
  for (const record of records) out += JSON.stringify(record) + '\n';
  return out;
}

/** Reads a JSONL export (or a log file); lines that are not records are counted, not fatal. */
export function parseCallsJsonl(jsonl: string): { records: CallRecord[]; skippedLines: number } {
  const records: CallRecord[] = [];
  let skippedLines = 0;
  for (const line of jsonl.split('\n')) {
    if (line.trim() === '') continue;
    const record = parseCallLine(line);
    if (record) records.push(record);
    else skippedLines++;
  }
  return { records, skippedLines };
}

/** Reads a CSV export back into records. Columns are found by header name. */
export function parseCallsCsv(csv: string): CallRecord[] {
  const [header, ...rows] = parseCsv(csv);
  if (!header) return [];
  const columns = header.map((name) => CALL_CSV_COLUMNS.find((c) => c.name === name));
  return rows.map((row, index) => {
    const draft: Draft = {};
    row.forEach((raw, i) => {
      const column = columns[i];
      if (raw === '' || !column?.set) return;
      try {
        column.set(draft, fromCell(raw));
      } catch (error) {
        throw new SyntaxError(`CSV row ${index + 2}, column ${column.name}: ${(error as Error).message}`, { cause: error });
      }
    });
    if (!isCallRecord(draft)) throw new SyntaxError(`CSV row ${index + 2} is not a call record`);
    return draft;
  });
}

const CHUNK_RECORDS = 500;

/**
 * Streams matching records, newest first, as JSONL or CSV text chunks (for an
 * HTTP response or a file). Holds one day's matches at a time, to sort them.
 */
export async function* exportCalls(sources: CallLogSources, filter: CallFilter, format: CallExportFormat): AsyncGenerator<string> {
  const line = format === 'csv' ? callToCsvRow : (record: CallRecord) => JSON.stringify(record) + '\n';
  if (format === 'csv') yield callsCsvHeader();
  let batch: CallRecord[] = [];
  const tally = { skippedLines: 0 };
  for await (const item of scanCalls(sources, filter, tally)) {
    if ('record' in item) {
      batch.push(item.record);
      continue;
    }
    // A write retried after a partial failure can repeat a line within a day file.
    const seen = new Set<string>();
    const unique = batch.filter((r) => !seen.has(r.id) && seen.add(r.id));
    unique.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    for (let i = 0; i < unique.length; i += CHUNK_RECORDS) yield unique.slice(i, i + CHUNK_RECORDS).map(line).join('');
    batch = [];
  }
}
