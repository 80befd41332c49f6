import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { HttpStatusError, LeanHttpClientTransport } from '../../../electron/cli/bridge/lean-http-client.js';

interface Recorded {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The client port, to tell whether a keep-alive socket was reused. */
  remotePort: number | undefined;
  /** Resolves when the server sees this request's connection go away. */
  closed: Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, recorded: Recorded) => void;

/** A tiny Streamable HTTP stand-in: records every request, then lets the test's handler answer it. */
async function startServer(handler: Handler) {
  const requests: Recorded[] = [];
  const waiters: Array<{ count: number; method?: string; resolve: (r: Recorded[]) => void }> = [];
  const matching = (method?: string) => requests.filter((r) => method === undefined || r.method === method);
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.once('end', () => {
      const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
      const recorded: Recorded = { method: req.method ?? '', headers: req.headers, body, remotePort: req.socket.remotePort, closed };
      requests.push(recorded);
      for (const waiter of [...waiters]) {
        const found = matching(waiter.method);
        if (found.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(found);
        }
      }
      handler(req, res, recorded);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    requests,
    /** Resolves once `count` requests (of `method`, when given) have arrived. */
    received(count: number, method?: string): Promise<Recorded[]> {
      const found = matching(method);
      if (found.length >= count) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ count, method, resolve }));
    },
  };
}

/** Collects what the transport hands up and lets a test wait for the n-th message. */
/** A server that opens session `sessionId` at initialize, answers other POSTs 202 and every GET with `onGet`. */
function startSessionServer(sessionId: string, onGet: (res: http.ServerResponse) => void) {
  return startServer((req, res, recorded) => {
    if (req.method === 'GET') return onGet(res);
    if ((parseBody(recorded) as { method: string }).method === 'initialize') return json(res, 200, { jsonrpc: '2.0', id: 1, result: {} }, { 'mcp-session-id': sessionId });
    res.writeHead(202);
    res.end();
  });
}

function watch(transport: LeanHttpClientTransport) {
  const messages: JSONRPCMessage[] = [];
  const errors: Error[] = [];
  let closes = 0;
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  transport.onmessage = (message) => {
    messages.push(message);
    for (const waiter of waiters.filter((w) => messages.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  transport.onerror = (error) => errors.push(error);
  transport.onclose = () => closes++;
  return {
    messages,
    errors,
    closes: () => closes,
    until: (count: number) => (messages.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve }))),
  };
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const sse = (message: unknown) => `event: message\ndata: ${JSON.stringify(message)}\n\n`;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const parseBody = (recorded: Recorded | undefined): unknown => JSON.parse(recorded?.body ?? '');

// Captured before any test fakes timers; polls real I/O until `condition` holds or `ms` have passed.
const realSetImmediate = setImmediate;
async function settle(condition: () => boolean, ms = 1000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition() && performance.now() < deadline) await new Promise<void>((resolve) => realSetImmediate(resolve));
}

const initialize: JSONRPCMessage = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
const initialized: JSONRPCMessage = { jsonrpc: '2.0', method: 'notifications/initialized' };
const toolsList: JSONRPCMessage = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };

const servers: http.Server[] = [];
const transports: LeanHttpClientTransport[] = [];

function makeTransport(url: URL, headers: Record<string, string> = { Authorization: 'Bearer secret-token' }) {
  const transport = new LeanHttpClientTransport(url, headers);
  transports.push(transport);
  return transport;
}

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    }),
  );
});

describe('LeanHttpClientTransport over JSON answers', () => {
  test('hands up the JSON answer before send() resolves, then sends the session id, protocol version and headers back', async () => {
    const server = await startServer((_req, res, recorded) => {
      const message = parseBody(recorded) as { id: number; method: string };
      json(res, 200, { jsonrpc: '2.0', id: message.id, result: { echoed: message.method } }, message.method === 'initialize' ? { 'mcp-session-id': 'sess-123' } : {});
    });
    const transport = makeTransport(server.url);
    const seen = watch(transport);
    await transport.start();

    await transport.send(initialize);
    expect(seen.messages).toEqual([{ jsonrpc: '2.0', id: 1, result: { echoed: 'initialize' } }]);
    expect(transport.sessionId).toBe('sess-123');

    transport.setProtocolVersion('2025-06-18');
    await transport.send(toolsList);
    expect(seen.messages).toEqual([
      { jsonrpc: '2.0', id: 1, result: { echoed: 'initialize' } },
      { jsonrpc: '2.0', id: 2, result: { echoed: 'tools/list' } },
    ]);

    const [first, second] = server.requests;
    expect(first?.method).toBe('POST');
    expect(parseBody(first)).toEqual(initialize);
    expect(first?.headers['mcp-session-id']).toBeUndefined();
    expect(first?.headers['mcp-protocol-version']).toBeUndefined();
    expect(second?.method).toBe('POST');
    expect(parseBody(second)).toEqual(toolsList);
    expect(second?.headers['mcp-session-id']).toBe('sess-123');
    expect(second?.headers['mcp-protocol-version']).toBe('2025-06-18');
    for (const recorded of server.requests) {
      expect(recorded.headers.authorization).toBe('Bearer secret-token');
      expect(recorded.headers['content-type']).toBe('application/json');
      expect(recorded.headers.accept).toBe('application/json, text/event-stream');
      expect(recorded.headers['content-length']).toBe(String(Buffer.byteLength(recorded.body)));
    }
    expect(seen.errors).toEqual([]);
  });

  test('reuses one keep-alive connection for consecutive requests', async () => {
    const server = await startServer((_req, res, recorded) => json(res, 200, { jsonrpc: '2.0', id: (parseBody(recorded) as { id: number }).id, result: {} }));
    const transport = makeTransport(server.url);
    watch(transport);
    await transport.send(initialize);
    await transport.send(toolsList);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.remotePort).toBe(server.requests[0]?.remotePort);
  });

  test('hands up every message of a JSON batch answer', async () => {
    const server = await startServer((_req, res) =>
      json(res, 200, [
        { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x' } },
        { jsonrpc: '2.0', id: 2, result: { tools: [] } },
      ]),
    );
    const transport = makeTransport(server.url);
    const seen = watch(transport);
    await transport.send(toolsList);
    expect(seen.messages).toEqual([
      { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x' } },
      { jsonrpc: '2.0', id: 2, result: { tools: [] } },
    ]);
  });

  test('rejects a JSON answer that does not parse', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"jsonrpc":');
    });
    const transport = makeTransport(server.url);
    const seen = watch(transport);
    await expect(transport.send(toolsList)).rejects.toThrow(/does not parse/);
    expect(seen.messages).toEqual([]);
  });

  test('rejects an answer with an unexpected content type', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html></html>');
    });
    const transport = makeTransport(server.url);
    await expect(transport.send(toolsList)).rejects.toThrow(/unexpected content type 'text\/html'/);
  });
});

describe('LeanHttpClientTransport over SSE answers', () => {
  test('hands up a notification then the response from a stream written in two chunks', async () => {
    const progress = { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 't', progress: 1 } };
    const response = { jsonrpc: '2.0', id: 2, result: { tools: [] } };
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse(progress));
      setTimeout(() => res.end(sse(response)), 50);
    });
    const transport = makeTransport(server.url);
    const seen = watch(transport);
    await transport.send(toolsList);
    await seen.until(2);
    expect(seen.messages).toEqual([progress, response]);
    expect(seen.errors).toEqual([]);
  });

  test('reports an event whose data is not JSON and still hands up the events after it', async () => {
    const response = { jsonrpc: '2.0', id: 2, result: { tools: [] } };
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
      res.write('data: this is not json\n\n');
      setTimeout(() => res.end(sse(response)), 20);
    });
    const transport = makeTransport(server.url);
    const seen = watch(transport);
    await transport.send(toolsList);
    await seen.until(1);
    expect(seen.messages).toEqual([response]);
    expect(seen.errors).toHaveLength(1);
    expect(seen.errors[0]?.message).toMatch(/not JSON/);
  });
});

describe('LeanHttpClientTransport notifications and the GET stream', () => {
  test('resolves a notification answered 202 without handing anything up', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(202);
      res.end();
    });
    const transport = makeTransport(server.url);
    const seen = watch(transport);
    const notification: JSONRPCMessage = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } };
    await transport.send(notification);
    expect(parseBody(server.requests[0])).toEqual(notification);
    expect(seen.messages).toEqual([]);
    expect(seen.errors).toEqual([]);
    // Not `notifications/initialized`, so no GET stream follows.
    expect(server.requests.map((r) => r.method)).toEqual(['POST']);
  });

  test('opens the GET stream after notifications/initialized and hands up what the server writes on it', async () => {
    const listChanged = { jsonrpc: '2.0', method: 'notifications/tools/list_changed' };
    const updated = { jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: 'file:///a' } };
    const server = await startSessionServer('sess-get', (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': keepalive\n\n');
      res.write(sse(listChanged));
      setTimeout(() => res.write(sse(updated)), 20);
    });
    const transport = makeTransport(server.url);
    const seen = watch(transport);
    await transport.send(initialize);
    transport.setProtocolVersion('2025-06-18');
    await transport.send(initialized);

    const [get] = await server.received(1, 'GET');
    expect(get?.headers.accept).toBe('text/event-stream');
    expect(get?.headers['mcp-session-id']).toBe('sess-get');
    expect(get?.headers['mcp-protocol-version']).toBe('2025-06-18');
    expect(get?.headers.authorization).toBe('Bearer secret-token');
    await seen.until(3);
    expect(seen.messages.slice(1)).toEqual([listChanged, updated]);
    expect(seen.errors).toEqual([]);
  });

  test('opens no GET stream when the server gave no session id', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(202);
      res.end();
    });
    const transport = makeTransport(server.url);
    const seen = watch(transport);
    await transport.send(initialized);
    // A GET would be on the wire right after the 202; a follow-up POST orders after it on the server.
    await transport.send({ jsonrpc: '2.0', method: 'notifications/roots/list_changed' });
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    expect(seen.errors).toEqual([]);
  });

  test('accepts a GET answered 405 silently', async () => {
    let getAnswered!: () => void;
    const answered = new Promise<void>((resolve) => (getAnswered = resolve));
    const server = await startSessionServer('sess-405', (res) => {
      res.writeHead(405, { allow: 'POST, DELETE' });
      res.end('no GET stream here', getAnswered);
    });
    const transport = makeTransport(server.url);
    const seen = watch(transport);
    await transport.send(initialize);
    await transport.send(initialized);
    await answered;
    await delay(50); // let the client read the 405
    expect(seen.errors).toEqual([]);
    // The transport still works afterwards.
    await transport.send({ jsonrpc: '2.0', id: 3, method: 'ping' });
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'GET', 'POST']);
    expect(seen.errors).toEqual([]);
  });

  test('reports a GET stream refused with another status', async () => {
    const server = await startSessionServer('sess-400', (res) => json(res, 400, { error: 'nope' }));
    const transport = makeTransport(server.url);
    const errored = new Promise<Error>((resolve) => (transport.onerror = resolve));
    await transport.send(initialize);
    await transport.send(initialized);
    expect((await errored).message).toMatch(/refused the event stream \(HTTP 400\)/);
  });
});

describe('LeanHttpClientTransport failures', () => {
  test('rejects a non-2xx answer with an HttpStatusError carrying the status and body', async () => {
    const server = await startServer((_req, res) => json(res, 401, { error: 'invalid_token', error_description: 'token expired' }));
    const transport = makeTransport(server.url);
    const seen = watch(transport);
    const error = await transport.send(toolsList).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(401);
    expect((error as HttpStatusError).message).toContain('token expired');
    expect((error as HttpStatusError).message).toContain('401');
    expect(seen.messages).toEqual([]);
  });

  test('rejects send() when nothing listens on the port', async () => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const transport = makeTransport(new URL(`http://127.0.0.1:${port}/mcp`));
    await expect(transport.send(toolsList)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('LeanHttpClientTransport ending', () => {
  test('terminateSession() sends DELETE with the session id and forgets it', async () => {
    const server = await startServer((req, res) => {
      if (req.method === 'DELETE') {
        res.writeHead(200);
        return void res.end();
      }
      json(res, 200, { jsonrpc: '2.0', id: 1, result: {} }, { 'mcp-session-id': 'sess-del' });
    });
    const transport = makeTransport(server.url);
    watch(transport);
    await transport.send(initialize);
    transport.setProtocolVersion('2025-06-18');
    await transport.terminateSession();

    const deletes = server.requests.filter((r) => r.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.headers['mcp-session-id']).toBe('sess-del');
    expect(deletes[0]?.headers['mcp-protocol-version']).toBe('2025-06-18');
    expect(deletes[0]?.headers.authorization).toBe('Bearer secret-token');
    expect(transport.sessionId).toBeUndefined();

    // With no session left, a second call sends nothing.
    await transport.terminateSession();
    expect(server.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  test('terminateSession() resolves when the gateway is gone', async () => {
    const server = await startServer((_req, res) => json(res, 200, { jsonrpc: '2.0', id: 1, result: {} }, { 'mcp-session-id': 'sess-gone' }));
    const transport = makeTransport(server.url);
    watch(transport);
    await transport.send(initialize);
    const [running] = servers.splice(0);
    running?.closeAllConnections();
    await new Promise<void>((resolve) => running?.close(() => resolve()));
    await expect(transport.terminateSession()).resolves.toBeUndefined();
  });

  /** A server with a session whose GET streams stay open; the test may end `getResponses[i]`. */
  async function sessionWithGetStream() {
    const getResponses: http.ServerResponse[] = [];
    const server = await startSessionServer('sess-stream', (res) => {
      getResponses.push(res);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: `get ${getResponses.length}` } }));
    });
    const transport = makeTransport(server.url);
    const seen = watch(transport);
    await transport.send(initialize);
    await transport.send(initialized);
    const [get] = await server.received(1, 'GET');
    await seen.until(2); // the GET stream's first event: the client is reading it
    return { server, transport, seen, get, getResponses };
  }

  test('close() calls onclose once and ends the GET stream', async () => {
    const { server, transport, seen, get } = await sessionWithGetStream();
    await transport.close();
    expect(seen.closes()).toBe(1);
    await get?.closed; // the server sees the GET connection go away
    await transport.close();
    expect(seen.closes()).toBe(1);
    await delay(50);
    expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
  });

  // close() destroys the GET request; its response's 'error' (ECONNRESET "aborted") is not news.
  test('close() reports no error for the GET stream it ends itself', async () => {
    const { transport, seen, get } = await sessionWithGetStream();
    await transport.close();
    await get?.closed;
    await delay(20);
    expect(seen.errors).toEqual([]);
  });

  test('reopens the GET stream after the server ends it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { server, seen, getResponses } = await sessionWithGetStream();
    getResponses[0]?.end();
    await settle(() => vi.getTimerCount() === 1); // the retry, scheduled when the stream ended
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(999);
    expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const gets = await server.received(2, 'GET');
    expect(gets[1]?.headers['mcp-session-id']).toBe('sess-stream');
    await seen.until(3);
    expect(seen.messages[2]).toEqual({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'get 2' } });
  });

  // A dropped connection emits 'error' and 'close' on the response but never 'end'.
  test('reopens the GET stream after its connection drops', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { server, seen, getResponses } = await sessionWithGetStream();
    getResponses[0]?.socket?.destroy();
    await settle(() => seen.errors.length > 0);
    expect(seen.errors[0]?.message).toBe('aborted');
    await settle(() => vi.getTimerCount() > 0, 200); // the retry follows the drop within a tick or two
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1000);
    await server.received(2, 'GET');
  });
});
