// The call log records every kind of call, redacted, exportable; the HTTP Api is guarded and
// its event stream delivers events in order.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { odooFixture, startTestApp, type TestApp } from '../helpers/app.js';
import { connectHttpClient } from '../helpers/sdk-client.js';
import { waitFor } from '../helpers/wait-for.js';
import { parseCallsCsv, parseCallsJsonl } from '../../electron/gateway/calllog/call-export.js';

const POLICY = {
  version: '1',
  default: 'allow',
  hide: ['odoo_unlink'],
  tools: {
    odoo_execute: { action: 'deny', reason: 'no raw execute' },
    odoo_write: { action: 'approve', approval: { timeout_s: 1 } },
  },
};

let app: TestApp;
let token: string;
beforeAll(async () => {
  app = await startTestApp({ servers: { odoo: odooFixture() }, policies: { odoo: POLICY } });
  token = await app.grant('claude');
});
afterAll(async () => {
  await app?.stop();
});

describe('call log', () => {
  test('allowed, denied, hidden, approved, timed-out and upstream-error calls are each recorded once, with secrets redacted', async () => {
    const client = await connectHttpClient(app.endpoint('odoo'), { Authorization: `Bearer ${token}` }, 'Claude Desktop');
    await client.callTool({ name: 'odoo_search_read', arguments: { model: 'res.partner', password: 'hunter2', note: 'sk-abcdefghijklmnopqrstuvwxyz123456' } });
    await client.callTool({ name: 'odoo_execute', arguments: {} });
    await client.callTool({ name: 'odoo_unlink', arguments: {} });
    await client.callTool({ name: 'no_such_tool', arguments: {} });
    const approved = client.callTool({ name: 'odoo_write', arguments: { id: 1 } });
    await waitFor(async () => (await app.api.listApprovals({})).length === 1, { what: 'the approval request' });
    const [request] = await app.api.listApprovals({});
    await app.api.decideApproval({ id: request!.id, decision: { action: 'approve', scope: 'once' } });
    await approved;
    await client.callTool({ name: 'odoo_write', arguments: { id: 2 } }); // times out after 1 s
    await client.close();

    const { records } = await app.api.queryCalls({ limit: 100 });
    const byTool = (tool: string) => records.filter((r) => r.tool === tool);
    expect(records).toHaveLength(6);
    expect(new Set(records.map((r) => r.id)).size).toBe(6);

    const allowed = byTool('odoo_search_read')[0]!;
    expect(allowed).toMatchObject({ decision: 'allow', rule: 'default', upstream: 'ok', grant: 'claude', server: 'odoo', client: { name: 'Claude Desktop' } });
    expect(allowed.arguments).toEqual({ model: 'res.partner', password: '[redacted]', note: '[redacted]' });
    expect(JSON.stringify(records)).not.toMatch(/hunter2|sk-abcdef/);
    expect(allowed.latency.upstreamMs).toBeGreaterThan(0);
    expect(allowed.latency.totalMs).toBeGreaterThanOrEqual(allowed.latency.upstreamMs);
    expect(allowed.resultBytes).toBeGreaterThan(0);

    expect(byTool('odoo_execute')[0]).toMatchObject({ decision: 'deny', rule: 'tools.odoo_execute', upstream: 'not-called' });
    expect(byTool('odoo_unlink')[0]).toMatchObject({ decision: 'hide', upstream: 'not-called' });
    // A tool the upstream never listed is refused by Portcullis before policy: it never reaches the upstream.
    expect(byTool('no_such_tool')[0]).toMatchObject({ decision: 'deny', rule: 'unlisted-tool', upstream: 'not-called' });
    const writes = byTool('odoo_write').sort((a, b) => a.id.localeCompare(b.id));
    expect(writes[0]).toMatchObject({ decision: 'approve', approval: { outcome: 'approved', scope: 'once' }, upstream: 'ok' });
    expect(writes[1]).toMatchObject({ decision: 'approve', approval: { outcome: 'timeout' }, upstream: 'not-called' });

    const denials = await app.api.queryCalls({ decision: 'denied' });
    expect(denials.records.map((r) => r.tool).sort()).toEqual(['no_such_tool', 'odoo_execute']);

    const stats = await app.api.callStats({});
    expect(stats.total).toBe(6);
    expect(stats.denials).toBe(4); // odoo_execute, odoo_unlink (hidden), the timed-out approval, no_such_tool
  });

  test('export round-trips as JSONL and CSV', async () => {
    const { records } = await app.api.queryCalls({ limit: 100 });
    const jsonl = await app.api.exportCalls({ format: 'jsonl', filter: {} });
    expect(jsonl.filename).toMatch(/\.jsonl$/);
    const fromJsonl = parseCallsJsonl(jsonl.content).records;
    expect(fromJsonl.map((r) => r.id).sort()).toEqual(records.map((r) => r.id).sort());
    const csv = await app.api.exportCalls({ format: 'csv', filter: {} });
    const fromCsv = parseCallsCsv(csv.content);
    expect(fromCsv.map((r) => r.id).sort()).toEqual(records.map((r) => r.id).sort());
    expect(fromCsv.find((r) => r.tool === 'odoo_search_read')?.arguments).toEqual({ model: 'res.partner', password: '[redacted]', note: '[redacted]' });
  });
});

describe('the HTTP Api', () => {
  const post = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${app.app.gateway.url}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const admin = () => ({ Authorization: `Bearer ${app.host.auth.token}` });

  test('refuses requests without the admin token, with a grant token, or from a foreign Origin', async () => {
    expect((await post('listServers', {})).status).toBe(401);
    expect((await post('listServers', {}, { Authorization: `Bearer ${token}` })).status).toBe(401);
    expect((await post('listServers', {}, { ...admin(), origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('listServers', {}, { ...admin(), origin: 'http://localhost:9999' })).status).toBe(401);
    expect((await post('listServers', {}, admin())).status).toBe(200);
  });

  test('validates every input at the boundary', async () => {
    const res = await post('removeServer', { id: '../etc' }, admin());
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid-input');
    expect(body.error.issues[0]!.path).toBe('id');
    expect((await post('noSuchMethod', {}, admin())).status).toBe(404);
    expect((await post('createGrant', { name: 'x', extra: 1 }, admin())).status).toBe(400);
  });

  test('the login link sets an HttpOnly SameSite cookie that opens the Api', async () => {
    const login = await fetch(app.loginUrl, { redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(';')[0]!;
    expect((await post('getInfo', {}, { cookie: session })).status).toBe(200);
    expect((await fetch(`${app.app.gateway.url}/login?token=wrong`)).status).toBe(401);
  });

  test('SSE delivers events in order', async () => {
    const controller = new AbortController();
    const res = await fetch(`${app.app.gateway.url}/api/events`, { headers: admin(), signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const events: { event: string; data: { tool?: string; id?: string } }[] = [];
    let buffer = '';
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += new TextDecoder().decode(value);
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
      }
    })().catch(() => undefined);
    const client = await connectHttpClient(app.endpoint('odoo'), { Authorization: `Bearer ${token}` });
    for (let i = 0; i < 20; i++) await client.callTool({ name: 'odoo_search_read', arguments: { i } });
    await waitFor(() => events.filter((e) => e.event === 'call-finished').length >= 20, { what: '20 call-finished events' });
    const calls = events.filter((e) => e.event.startsWith('call-'));
    // started, finished, started, finished … with ids increasing.
    for (let i = 0; i < calls.length; i += 2) {
      expect(calls[i]!.event).toBe('call-started');
      expect(calls[i + 1]!.event).toBe('call-finished');
      expect(calls[i + 1]!.data.id).toBe(calls[i]!.data.id);
      if (i > 0) expect(calls[i]!.data.id! > calls[i - 2]!.data.id!).toBe(true);
    }
    controller.abort();
    await pump;
    await client.close();
  });
});
