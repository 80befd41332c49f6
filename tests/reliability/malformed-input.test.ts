// 10,000+ generated bad requests: each gets a proper HTTP or JSON-RPC error, the gateway
// never crashes, and a well-behaved client still works afterwards.
import http from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { faultyStdio } from '../helpers/faulty.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';

let app: TestApp;
let token: string;
let liveSession: string;
let deadSession: string;
let port: number;
beforeAll(async () => {
  app = await startTestApp({ servers: { faulty: faultyStdio() }, policies: { faulty: { version: '1', default: 'allow' } } });
  token = await app.grant('fuzz');
  port = app.app.gateway.port;
  liveSession = (await initialize()).sessionId!;
  deadSession = (await initialize()).sessionId!;
  await send({ method: 'DELETE', headers: { 'mcp-session-id': deadSession } });
});
afterAll(async () => {
  await app?.stop();
});

interface Sent {
  status: number;
  body: string;
  sessionId?: string;
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function send(options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...options.headers };
    for (const [k, v] of Object.entries(headers)) if (v === '') delete headers[k];
    const req = http.request({ host: '127.0.0.1', port, path: options.path ?? '/mcp/faulty', method: options.method ?? 'POST', headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sessionId: res.headers['mcp-session-id'] as string | undefined }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(options.body);
  });
}

function initialize(): Promise<Sent> {
  return send({ body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } } }) });
}

/** A seeded generator of bad requests, each with a description for failure messages. */
function* badRequests(count: number): Generator<{ what: string; request: Parameters<typeof send>[0] }> {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const session = () => ({ 'mcp-session-id': liveSession, 'mcp-protocol-version': '2025-06-18' });
  const junk = () => Array.from({ length: 1 + Math.floor(random() * 40) }, () => String.fromCharCode(Math.floor(random() * 128))).join('');
  const kinds: (() => { what: string; request: Parameters<typeof send>[0] })[] = [
    () => ({ what: 'invalid JSON', request: { headers: session(), body: `{"jsonrpc": "2.0", ${junk()}` } }),
    () => ({ what: 'random bytes', request: { headers: session(), body: junk() } }),
    () => ({ what: 'invalid UTF-8', request: { headers: session(), body: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xa0, 0xa1, 0x22, 0x7d]) } }),
    () => ({ what: 'wrong JSON-RPC shape', request: { headers: session(), body: JSON.stringify(pick([{}, [], null, 1, 'x', { jsonrpc: '1.0', id: 1, method: 'ping' }, { jsonrpc: '2.0' }, { jsonrpc: '2.0', id: {}, method: 'ping' }, { jsonrpc: '2.0', id: 1, method: 7 }, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: 'x' }])) } }),
    () => ({ what: 'wrong types in params', request: { headers: session(), body: JSON.stringify({ jsonrpc: '2.0', id: Math.floor(random() * 1e6), method: pick(['tools/call', 'resources/read', 'prompts/get']), params: pick([{ name: 123 }, { name: null, arguments: 'x' }, { uri: [] }, { cursor: {} }, { name: 'whoami', arguments: [1, 2] }]) }) } }),
    () => ({ what: 'unknown method', request: { headers: session(), body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: `x/${junk()}` }) } }),
    () => ({ what: 'deeply nested body', request: { headers: session(), body: '['.repeat(20_000) + ']'.repeat(20_000) } }),
    () => ({ what: 'deeply nested params', request: { headers: session(), body: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami","arguments":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}}` } }),
    // Over the 4 MiB cap; kept rare so the run stays short (each one is 5 MiB on the wire).
    () => ({ what: 'huge body', request: { headers: session(), body: `{"jsonrpc":"2.0","id":1,"method":"ping","pad":"${'x'.repeat(random() < 0.1 ? 5 * 1024 * 1024 : 10)}"` } }),
    () => ({ what: 'missing token', request: { headers: { ...session(), authorization: '' }, body: '{}' } }),
    () => ({ what: 'bad token', request: { headers: { ...session(), authorization: `Bearer ${junk().replace(/[^\x21-\x7e]/g, 'x')}` }, body: '{}' } }),
    () => ({ what: 'bad content type', request: { headers: { ...session(), 'content-type': 'text/plain' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }) } }),
    () => ({ what: 'bad accept', request: { headers: { ...session(), accept: 'text/html' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }) } }),
    () => ({ what: 'bad protocol version', request: { headers: { ...session(), 'mcp-protocol-version': '1999-01-01' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }) } }),
    () => ({ what: 'foreign origin', request: { headers: { ...session(), origin: `https://${junk().replace(/[^a-z]/g, 'a')}.example` }, body: '{}' } }),
    () => ({ what: 'unknown session', request: { headers: { 'mcp-session-id': junk().replace(/[^a-z0-9]/g, '0') || 'x' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }) } }),
    () => ({ what: 'request after DELETE', request: { headers: { 'mcp-session-id': deadSession }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) } }),
    () => ({ what: 'no session, not initialize', request: { body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) } }),
    () => ({ what: 'second initialize on a session', request: { headers: session(), body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }) } }),
    () => ({ what: 'bad method', request: { method: pick(['PUT', 'PATCH']), headers: session(), body: '{}' } }),
    () => ({ what: 'unknown path', request: { path: pick(['/mcp/nope/extra', '/mcp/%zz', '/../etc/passwd', '/api/listServers']), body: '{}' } }),
  ];
  for (let i = 0; i < count; i++) yield pick(kinds)();
}

test('10,000 bad requests: every one refused properly, the gateway stays up', { timeout: 240_000 }, async () => {
  const count = 10_000;
  const statuses = new Map<number, number>();
  const problems: string[] = [];
  const queue = [...badRequests(count)];
  const workers = Array.from({ length: 16 }, async () => {
    for (let next = queue.pop(); next; next = queue.pop()) {
      const { what, request } = next;
      const res = await send(request).catch((error: Error) => ({ status: -1, body: error.message }) as Sent);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const isHttpError = res.status >= 400 && res.status < 500;
      // 200 is right for a well-formed request the server answers with a JSON-RPC error (unknown method, bad params).
      const isJsonRpcError = res.status === 200 && /"error"\s*:/.test(res.body);
      const isToolError = res.status === 200 && /"isError"\s*:\s*true/.test(res.body);
      if (!isHttpError && !isJsonRpcError && !isToolError) problems.push(`${what}: ${res.status} ${res.body.slice(0, 160)}`);
    }
  });
  await Promise.all(workers);
  expect(problems.slice(0, 10)).toEqual([]);
  expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(count);
  expect(statuses.has(500)).toBe(false);

  // A well-behaved client still works.
  const client = await connectHttpClient(app.endpoint('faulty'), { Authorization: `Bearer ${token}` });
  expect(textOf(await client.callTool({ name: 'remember', arguments: { value: 'fine' } }))).toBe('remembered fine');
  await client.close();
});
