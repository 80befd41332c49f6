import { appendFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../shared/calls.js';
import {
  CALL_CSV_COLUMNS, exportCalls, formatCallsCsv, formatCallsJsonl, parseCallsCsv, parseCallsJsonl,
} from '../../../electron/gateway/calllog/call-export.js';
import { parseCsv } from '../../../electron/gateway/calllog/csv.js';
import { callLogPath, utcDay } from '../../../electron/gateway/calllog/log-files.js';
import { DAY, MINUTE, T0, makeRecord, makeTempDir } from './helpers.js';

/** Records that exercise every column and every quoting hazard. */
function awkwardRecords(): CallRecord[] {
  return [
    makeRecord(T0),
    makeRecord(T0 + MINUTE, {
      tool: 'odoo_execute', decision: 'approve', rule: 'risk.destructive', session: 'sess,with,commas',
      arguments: { sql: 'SELECT "name", \'x\' FROM t;\r\nDROP', nested: [1, null, true, { 'k,"q"': 'line1\nline2' }], n: -1.5 },
      approval: { id: 'ap-1', outcome: 'denied', reason: 'Not on a "Friday", sorry', waitedMs: 3500 },
      counters: [{ counter: 'all', scope: 'grant', used: 3, max: 120 }],
      pin: 'changed', upstream: 'not-called', resultBytes: 0,
      latency: { gatewayMs: 0.25, upstreamMs: 0, totalMs: 3500.25 },
    }),
    makeRecord(T0 + 2 * MINUTE, {
      client: { name: '=cmd|calc', version: '+1' }, tool: '@tool', reason: "'quoted' reason", error: '-boom\ttab',
      upstream: 'protocol-error', argumentsTruncated: true, arguments: '=HYPERLINK("http://evil")',
    }),
    makeRecord(T0 + 3 * MINUTE, { arguments: undefined, client: undefined, rule: undefined, resultBytes: undefined, grant: 'ünïcødé ✓' }),
    // A request other than tools/call: its method has a column of its own.
    makeRecord(T0 + 4 * MINUTE, { method: 'resources/read', tool: 'memory://knowledge-graph', decision: 'deny', rule: 'resources.rules["memory://knowledge-graph"]', upstream: 'not-called', arguments: undefined }),
  ].map((r) => JSON.parse(JSON.stringify(r)) as CallRecord); // as they would be read from disk
}

describe('export round-trip', () => {
  it('JSONL parses back to the same records', () => {
    const records = awkwardRecords();
    const text = formatCallsJsonl(records);
    expect(text.split('\n').filter(Boolean)).toHaveLength(records.length);
    expect(parseCallsJsonl(text)).toEqual({ records, skippedLines: 0 });
  });

  it('CSV parses back to the same records, with arguments as a JSON column', () => {
    const records = awkwardRecords();
    const text = formatCallsCsv(records);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(CALL_CSV_COLUMNS.map((c) => c.name));
    expect(rows).toHaveLength(records.length + 1);
    const argsColumn = rows[0]!.indexOf('arguments');
    expect(JSON.parse(rows[2]![argsColumn]!)).toEqual(records[1]!.arguments);
    expect(rows[2]![rows[0]!.indexOf('verdict')]).toBe('approval-denied');
    expect(parseCallsCsv(text)).toEqual(records);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const rows = parseCsv(formatCallsCsv(awkwardRecords()));
    const header = rows[0]!;
    const row = rows[3]!;
    expect(row[header.indexOf('client_name')]).toBe("'=cmd|calc");
    expect(row[header.indexOf('tool')]).toBe("'@tool");
    expect(row[header.indexOf('error')]).toBe("'-boom\ttab");
    for (const cell of rows.slice(1).flat()) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it('refuses a CSV row that is not a call record', () => {
    expect(() => parseCallsCsv('id,time\r\nx,y\r\n')).toThrow(/row 2/);
  });
});

describe('exportCalls (streamed from the log)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(() => cleanup());

  it('streams matching records newest first, across days, in both formats', async () => {
    const records = [
      ...Array.from({ length: 1200 }, (_, i) => makeRecord(T0 - DAY + i * 10, { tool: i % 2 ? 'odoo_read' : 'odoo_search' })),
      ...awkwardRecords(),
    ];
    const lines = new Map<string, string>();
    for (const r of records) lines.set(utcDay(r.time), (lines.get(utcDay(r.time)) ?? '') + JSON.stringify(r) + '\n');
    for (const [day, text] of lines) await appendFile(callLogPath(dir, day), text);
    const expected = records.filter((r) => r.server === 'odoo').sort((a, b) => (a.id < b.id ? 1 : -1));

    const chunks: string[] = [];
    for await (const chunk of exportCalls({ dir }, { server: 'odoo' }, 'jsonl')) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2); // streamed in pieces, not one string
    expect(parseCallsJsonl(chunks.join('')).records).toEqual(expected);

    // As a Node stream, the way an HTTP response would take it.
    let csv = '';
    for await (const chunk of Readable.from(exportCalls({ dir }, { server: 'odoo', tool: 'odoo_read' }, 'csv'))) csv += String(chunk);
    expect(parseCallsCsv(csv)).toEqual(expected.filter((r) => r.tool === 'odoo_read'));
  });
});
