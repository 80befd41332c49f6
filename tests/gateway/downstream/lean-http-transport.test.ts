// How a request's answer goes out: plain JSON when it comes at once, SSE (with keep-alive
// comments) once it has waited keepAliveMs.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, test } from 'vitest';
import { readJsonBody } from '../../../electron/gateway/downstream/http-guards.js';
import { LeanHttpTransport, type StreamOverflow } from '../../../electron/gateway/downstream/lean-http-transport.js';

const KEEP_ALIVE_MS = 60;
let server: http.Server | undefined;
let transport: LeanHttpTransport | undefined;

afterEach(async () => {
  await transport?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  transport = undefined;
});

/** A session whose `tools/call` answers after `arguments.delayMs`. */
async function session(): Promise<{ url: string; sessionId: string }> {
  const t = new LeanHttpTransport({ sessionIdGenerator: () => 'session-1', keepAliveMs: KEEP_ALIVE_MS });
  transport = t;
  t.onmessage = (message) => {
    const m = message as { id?: number; method?: string; params?: { arguments?: { delayMs?: number } } };
    if (m.id === undefined) return;
    const answer = { jsonrpc: '2.0', id: m.id, result: m.method === 'initialize' ? { protocolVersion: '2025-06-18', capabilities: {}, serverInfo: { name: 't', version: '1' } } : { ok: m.id } } as JSONRPCMessage;
    const delay = m.params?.arguments?.delayMs ?? 0;
    if (delay === 0) void t.send(answer);
    else setTimeout(() => void t.send(answer), delay);
  };
  server = http.createServer((req, res) => {
    void (req.method === 'POST' ? readJsonBody(req, 1_000_000) : Promise.resolve(undefined)).then((body) => t.handleRequest(req, res, body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/mcp`;
  const init = await post(url, undefined, { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } } });
  return { url, sessionId: init.sessionId ?? '' };
}

async function post(url: string, sessionId: string | undefined, message: object): Promise<{ type: string; text: string; sessionId?: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(sessionId ? { 'mcp-session-id': sessionId } : {}) },
    body: JSON.stringify(message),
  });
  return { type: response.headers.get('content-type') ?? '', text: await response.text(), sessionId: response.headers.get('mcp-session-id') ?? undefined };
}

const call = (id: number, delayMs: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'wait', arguments: { delayMs } } });

describe('LeanHttpTransport answers', () => {
  test('an answer that comes at once is plain JSON', async () => {
    const { url, sessionId } = await session();
    for (let id = 1; id <= 3; id++) {
      const answer = await post(url, sessionId, call(id, 0));
      expect(answer.type).toBe('application/json');
      expect(JSON.parse(answer.text)).toEqual({ jsonrpc: '2.0', id, result: { ok: id } });
    }
  });

  test('a request that waits past keepAliveMs turns to SSE, with keep-alive comments, then its answer', async () => {
    const { url, sessionId } = await session();
    const answer = await post(url, sessionId, call(1, KEEP_ALIVE_MS * 3.5));
    expect(answer.type).toBe('text/event-stream');
    expect(answer.text).toContain(': keepalive\n\n');
    expect(answer.text).toContain(`event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: 1, result: { ok: 1 } })}\n\n`);
  });

  test('requests that start at different times each turn to SSE only when they have waited long enough', async () => {
    const { url, sessionId } = await session();
    const slow = post(url, sessionId, call(1, KEEP_ALIVE_MS * 3));
    await new Promise((resolve) => setTimeout(resolve, KEEP_ALIVE_MS / 2));
    const quickEnough = post(url, sessionId, call(2, KEEP_ALIVE_MS / 3)); // answered before its own keepAliveMs
    const laterSlow = post(url, sessionId, call(3, KEEP_ALIVE_MS * 2));
    const [a, b, c] = await Promise.all([slow, quickEnough, laterSlow]);
    expect(a.type).toBe('text/event-stream');
    expect(b.type).toBe('application/json');
    expect(c.type).toBe('text/event-stream');
    expect(c.text).toContain('"id":3');
  });
});

describe('a client that does not read', () => {
  const LIMIT = 256 * 1024;
  const note = (i: number, bytes: number) => ({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: `${i} ${'x'.repeat(bytes)}` } }) as JSONRPCMessage;

  /** Opens the session's GET stream on a raw socket that never reads; resolves once the headers are sent. */
  async function stalledGetStream(url: string, sessionId: string): Promise<net.Socket> {
    const { port } = new URL(url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(`GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nMcp-Session-Id: ${sessionId}\r\n\r\n`);
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.pause();
    return socket;
  }

  test('its GET stream is cut once it holds more than maxBufferedBytes unread, and the session closes', async () => {
    const { url, sessionId } = await session();
    const t = transport!;
    t.maxBufferedBytes = LIMIT;
    const overflows: StreamOverflow[] = [];
    t.onoverflow = (o) => overflows.push(o);
    let closed = false;
    t.onclose = () => (closed = true);
    const socket = await stalledGetStream(url, sessionId);
    const socketClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);

    // A flood, yielding between messages so the socket can take what the kernel accepts (bounded: 64 MB).
    let sent = 0;
    for (let i = 0; i < 1024 && overflows.length === 0; i++) {
      sent += await t.send(note(i, 64 * 1024));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(overflows).toHaveLength(1);
    expect(overflows[0]!.stream).toBe('get');
    // Held at most the limit plus the one message that crossed it.
    expect(overflows[0]!.bufferedBytes).toBeGreaterThan(LIMIT);
    expect(overflows[0]!.bufferedBytes).toBeLessThanOrEqual(LIMIT + 65 * 1024);
    expect(closed).toBe(true);
    // The connection was dropped: a client that reads again finds its end.
    socket.resume();
    await socketClosed;
    // Nothing more goes out, and nothing more is kept.
    expect(await t.send(note(-1, 10))).toBe(0);
    expect(sent).toBeGreaterThan(LIMIT);
  });

  test('a client that reads is never cut, however much passes through', async () => {
    const { url, sessionId } = await session();
    const t = transport!;
    t.maxBufferedBytes = LIMIT;
    const overflows: StreamOverflow[] = [];
    t.onoverflow = (o) => overflows.push(o);
    const response = await fetch(url, { headers: { accept: 'text/event-stream', 'mcp-session-id': sessionId } });
    const reader = response.body!.getReader();
    let received = 0;
    for (let i = 0; i < 64; i++) {
      await t.send(note(i, 16 * 1024));
      // Wait until this message has been read: the volume grows past the limit, the backlog never does.
      while (received < (i + 1) * 16 * 1024) received += (await reader.read()).value?.length ?? 0;
    }
    expect(received).toBeGreaterThan(LIMIT * 3);
    expect(overflows).toEqual([]);
    await reader.cancel();
  });
});
