import { describe, expect, test } from 'vitest';
import { callSpan } from '../../../electron/gateway/telemetry/call-span.js';
import type { CallRecord } from '../../../shared/calls.js';

const base: CallRecord = {
  id: '01J0000000000000000000000A',
  time: '2026-12-07T10:00:00.000Z',
  server: 'odoo',
  grant: 'claude',
  session: 'session-1',
  client: { name: 'Claude Desktop', version: '1.2.3' },
  tool: 'odoo_search_read',
  arguments: { model: 'res.partner', note: 'a value only the arguments hold' },
  decision: 'allow',
  rule: 'default',
  upstream: 'ok',
  resultBytes: 120,
  latency: { gatewayMs: 0.2, upstreamMs: 4, totalMs: 5 },
};

describe('callSpan', () => {
  test('a tools/call follows the MCP conventions: name, operation, tool, session; timed by the call', () => {
    const span = callSpan(base);
    expect(span.name).toBe('tools/call odoo_search_read');
    expect(span.startTime).toBe(Date.parse(base.time));
    expect(span.endTime).toBe(Date.parse(base.time) + 5);
    expect(span.errorType).toBeUndefined();
    expect(span.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'mcp.session.id': 'session-1',
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'odoo_search_read',
      'portcullis.server': 'odoo',
      'portcullis.grant': 'claude',
      'portcullis.decision': 'allow',
      'portcullis.verdict': 'allowed',
      'portcullis.rule': 'default',
      'portcullis.upstream.outcome': 'ok',
      'portcullis.client.name': 'Claude Desktop',
      'portcullis.latency.upstream_ms': 4,
      'portcullis.result.bytes': 120,
    });
  });

  test('never carries the arguments, the reason told to the agent or the upstream error text', () => {
    const span = callSpan({ ...base, decision: 'deny', rule: 'tools.odoo_search_read', reason: 'note was a value only the arguments hold', upstream: 'not-called', error: 'echo: a value only the arguments hold' });
    expect(JSON.stringify(span)).not.toContain('a value only the arguments hold');
    expect(span.errorType).toBe('portcullis.denied');
  });

  test('refusals and upstream failures set error.type; an approved call does not', () => {
    expect(callSpan({ ...base, decision: 'hide' }).errorType).toBe('portcullis.hidden');
    expect(callSpan({ ...base, decision: 'approve', approval: { id: 'a', outcome: 'timeout', waitedMs: 1000 } }).errorType).toBe('portcullis.approval-timeout');
    expect(callSpan({ ...base, upstream: 'tool-error' }).errorType).toBe('tool_error');
    expect(callSpan({ ...base, upstream: 'timeout' }).errorType).toBe('timeout');
    const approved = callSpan({ ...base, decision: 'approve', approval: { id: 'a', outcome: 'approved', scope: 'once', waitedMs: 800 } });
    expect(approved.errorType).toBeUndefined();
    expect(approved.attributes).toMatchObject({ 'portcullis.approval.outcome': 'approved', 'portcullis.approval.waited_ms': 800 });
  });

  test('other methods: a prompt names its span; a resource URI is an attribute (masked), not the name', () => {
    const prompt = callSpan({ ...base, method: 'prompts/get', tool: 'summarise' });
    expect(prompt.name).toBe('prompts/get summarise');
    expect(prompt.attributes['gen_ai.prompt.name']).toBe('summarise');
    expect(prompt.attributes['gen_ai.tool.name']).toBeUndefined();
    const resource = callSpan({ ...base, method: 'resources/read', tool: 'https://api.example.com/doc?api_key=sk-abcdefghijklmnopqrstuvwxyz123456' });
    expect(resource.name).toBe('resources/read');
    expect(String(resource.attributes['mcp.resource.uri'])).toContain('https://api.example.com/doc');
    expect(String(resource.attributes['mcp.resource.uri'])).not.toContain('sk-abcdef');
  });
});
