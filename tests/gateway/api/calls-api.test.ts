import { afterAll, beforeAll, expect, it } from 'vitest';
import { callsApi } from '../../../electron/gateway/api/calls-api.js';
import { parseCsv } from '../../../electron/gateway/calllog/csv.js';
import { Portcullis } from '../../../electron/gateway/portcullis.js';
import { useTempDirForFile } from '../../helpers/temp-dir.js';

const tmp = useTempDirForFile('portcullis-calls-api-');
let app: Portcullis;
beforeAll(async () => {
  app = await Portcullis.start({ dataDir: tmp.path, port: 0, host: '127.0.0.1', superviseUpstreams: false });
  for (const tool of ['search', 'search', 'write']) {
    const active = app.calls.start({ server: 'odoo', grant: 'claude', session: 's1', tool, arguments: { q: 'x' } });
    app.calls.finish(active, { decision: tool === 'write' ? 'deny' : 'allow', upstream: tool === 'write' ? 'not-called' : 'ok' });
  }
});
afterAll(() => app.close());

it('query, count and stats read the call log', async () => {
  const api = callsApi(app);
  const page = await api.queryCalls({ tool: 'search' });
  expect(page.records.map((r) => r.tool)).toEqual(['search', 'search']);
  expect(await api.countCalls({ server: 'odoo' })).toMatchObject({ count: 3 });
  const stats = await api.callStats({});
  expect(JSON.stringify(stats)).toContain('write');
});

it('exportCalls: CSV with a dated file name and its content type, or JSONL', async () => {
  const api = callsApi(app);
  const csv = await api.exportCalls({ filter: { tool: 'write' }, format: 'csv' });
  expect(csv.filename).toMatch(/^portcullis-calls-\d{4}-\d\d-\d\dT[\d-]+Z\.csv$/);
  expect(csv.contentType).toBe('text/csv; charset=utf-8');
  const rows = parseCsv(csv.content);
  expect(rows).toHaveLength(2); // header and the one call
  const jsonl = await api.exportCalls({ filter: {}, format: 'jsonl' });
  expect(jsonl.filename).toMatch(/\.jsonl$/);
  expect(jsonl.contentType).toBe('application/x-ndjson; charset=utf-8');
  expect(jsonl.content.trim().split('\n')).toHaveLength(3);
});

it('sessionTaint: a session with no marks has none', async () => {
  expect(await callsApi(app).sessionTaint({ session: 'nobody' })).toEqual({ session: 'nobody', marks: [] });
});
