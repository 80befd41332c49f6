// Calls as spans through the real app (policy, call log) to a stand-in OTLP/HTTP collector.
import { afterEach, describe, expect, test } from 'vitest';
import { odooFixture, startTestApp, type TestApp } from '../../helpers/app.js';
import { connectHttpClient } from '../../helpers/sdk-client.js';
import { waitFor } from '../../helpers/wait-for.js';
import { startOtlpReceiver, type OtlpReceiver } from '../../helpers/otlp-receiver.js';
import { CallTracing, tracesUrl } from '../../../electron/gateway/telemetry/call-tracing.js';

const POLICY = {
  version: '1',
  default: 'allow',
  tools: { odoo_execute: { action: 'deny', reason: 'no raw execute' } },
};
// Only the call's arguments hold this: it must not appear anywhere in what is exported.
const MARKER = 'argument-value-7f3a9c';

let app: TestApp | undefined;
let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await app?.stop();
  await receiver?.close();
  app = undefined;
  receiver = undefined;
});

describe('call tracing', () => {
  test('one span per call with decision, rule, server, tool, grant, latency and outcome; no argument value', async () => {
    receiver = await startOtlpReceiver();
    app = await startTestApp({ servers: { odoo: odooFixture() }, policies: { odoo: POLICY } });
    await app.api.updateSettings({ otlpEndpoint: receiver.url });
    await waitFor(() => app!.app.tracing.endpoint !== undefined, { what: 'the exporter to start' });
    const token = await app.grant('claude');
    const client = await connectHttpClient(app.endpoint('odoo'), { Authorization: `Bearer ${token}` }, 'Claude Desktop');
    await client.callTool({ name: 'odoo_search_read', arguments: { model: 'res.partner', note: MARKER } });
    await client.callTool({ name: 'odoo_execute', arguments: { code: MARKER } });
    await client.close();
    const { records } = await app.api.queryCalls({});
    await app.stop(); // shutting down sends what is batched
    app = undefined;

    expect(receiver.paths.every((p) => p === '/v1/traces')).toBe(true);
    const spans = receiver.spans();
    expect(spans.map((s) => s.name).sort()).toEqual(['tools/call odoo_execute', 'tools/call odoo_search_read']);
    const allowed = spans.find((s) => s.name === 'tools/call odoo_search_read')!;
    const allowedRecord = records.find((r) => r.tool === 'odoo_search_read')!;
    expect(allowed.kind).toBe(2); // SERVER
    expect(allowed.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'odoo_search_read',
      'gen_ai.operation.name': 'execute_tool',
      'mcp.session.id': allowedRecord.session,
      'portcullis.call.id': allowedRecord.id,
      'portcullis.server': 'odoo',
      'portcullis.grant': 'claude',
      'portcullis.decision': 'allow',
      'portcullis.rule': 'default',
      'portcullis.upstream.outcome': 'ok',
    });
    expect(allowed.attributes['portcullis.latency.upstream_ms']).toBeGreaterThan(0);
    expect(allowed.attributes['error.type']).toBeUndefined();
    expect(allowed.resource).toMatchObject({ 'service.name': 'portcullis' });
    const denied = spans.find((s) => s.name === 'tools/call odoo_execute')!;
    expect(denied.attributes).toMatchObject({ 'portcullis.decision': 'deny', 'portcullis.rule': 'tools.odoo_execute', 'error.type': 'portcullis.denied', 'portcullis.upstream.outcome': 'not-called' });
    expect(denied.status?.code).toBe(2); // ERROR
    expect(receiver.bodies.join('\n')).not.toContain(MARKER);
  });

  test('off by default: no exporter, nothing sent', async () => {
    receiver = await startOtlpReceiver();
    app = await startTestApp({ servers: { odoo: odooFixture() }, policies: { odoo: POLICY } });
    expect(app.app.tracing.endpoint).toBeUndefined();
    const token = await app.grant('claude');
    const client = await connectHttpClient(app.endpoint('odoo'), { Authorization: `Bearer ${token}` });
    await client.callTool({ name: 'odoo_search_read', arguments: {} });
    await client.close();
    await app.stop();
    app = undefined;
    expect(receiver.bodies).toEqual([]);
  });
});

describe('CallTracing', () => {
  test('switches off, and a later switch wins over one still starting', async () => {
    receiver = await startOtlpReceiver();
    const tracing = new CallTracing({ version: 'test' });
    const first = tracing.configure(receiver.url);
    const second = tracing.configure('');
    await Promise.all([first, second]);
    expect(tracing.endpoint).toBeUndefined();
    await tracing.configure(receiver.url);
    expect(tracing.endpoint).toBe(`${receiver.url}/v1/traces`);
    await tracing.close();
    expect(tracing.endpoint).toBeUndefined();
  });

  test('an endpoint is a collector base URL or a full traces URL, http(s) only', () => {
    expect(tracesUrl('http://127.0.0.1:4318')).toBe('http://127.0.0.1:4318/v1/traces');
    expect(tracesUrl('https://otel.example.com/custom/traces')).toBe('https://otel.example.com/custom/traces');
    expect(() => tracesUrl('file:///etc/passwd')).toThrow(/http\(s\)/);
    expect(() => tracesUrl('not a url')).toThrow();
  });
});
