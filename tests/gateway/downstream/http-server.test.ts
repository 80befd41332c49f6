// Slow requests are cut: headers or a body that do not arrive in time get 408 and the
// connection is closed; a response stream that stays open is not a slow request.
import net from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { HttpFront, REQUEST_TIMEOUTS, type RequestTimeouts } from '../../../electron/gateway/downstream/http-server.js';
import { readJsonBody } from '../../../electron/gateway/downstream/http-guards.js';
import { waitFor } from '../../helpers/wait-for.js';

const TIMEOUTS: RequestTimeouts = { headersMs: 300, requestMs: 600, checkEveryMs: 50 };
let front: HttpFront | undefined;
afterEach(async () => {
  await front?.close();
  front = undefined;
});

interface Handled {
  bodies: unknown[];
  bodyErrors: string[];
}

async function startFront(): Promise<Handled> {
  const handled: Handled = { bodies: [], bodyErrors: [] };
  front = new HttpFront({
    host: '127.0.0.1',
    port: 0,
    timeouts: TIMEOUTS,
    authenticate: (token) => (token === 't' ? 'grant' : undefined),
    mcp: async (req, res) => {
      if (req.method === 'GET') {
        // A stream that stays open (like an SSE GET stream) and writes now and then.
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(': open\n\n');
        const timer = setInterval(() => res.write(': tick\n\n'), 100);
        res.once('close', () => clearInterval(timer));
        return;
      }
      try {
        handled.bodies.push(await readJsonBody(req, 1_000_000));
        res.end('{}');
      } catch (error) {
        handled.bodyErrors.push((error as Error).message);
        throw error;
      }
    },
  });
  await front.listen();
  return handled;
}

/** Sends `text` and collects what comes back until the server closes the connection. */
async function rawExchange(text: string): Promise<string> {
  const socket = net.connect(front!.port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  socket.write(text);
  await closed;
  return received;
}

const host = () => `Host: 127.0.0.1:${front!.port}`;

test('defaults: headers within 15 s, the whole request within 30 s', () => {
  expect(REQUEST_TIMEOUTS).toMatchObject({ headersMs: 15_000, requestMs: 30_000 });
});

test('headers that never finish get 408 and the connection closed', async () => {
  await startFront();
  const answer = await rawExchange(`POST /mcp/x HTTP/1.1\r\n${host()}\r\nAuthorization: Bearer t\r\n`);
  expect(answer).toMatch(/^HTTP\/1\.1 408 /);
});

test('a body that never arrives gets 408 and the connection closed; the handler is not left waiting', async () => {
  const handled = await startFront();
  const answer = await rawExchange(`POST /mcp/x HTTP/1.1\r\n${host()}\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"jsonrpc":`);
  expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  await waitFor(() => handled.bodyErrors.length > 0, { what: 'the handler to hear of it' });
  expect(handled.bodies).toEqual([]);
  expect(handled.bodyErrors).toEqual(['Bad Request: the request body was cut short']);
});

test('a response stream open longer than the request timeout is not cut', async () => {
  await startFront();
  const socket = net.connect(front!.port, '127.0.0.1');
  let received = '';
  let closed = false;
  socket.on('data', (chunk) => (received += chunk.toString()));
  socket.once('close', () => (closed = true));
  socket.write(`GET /mcp/x HTTP/1.1\r\n${host()}\r\nAuthorization: Bearer t\r\nAccept: text/event-stream\r\n\r\n`);
  await new Promise((resolve) => setTimeout(resolve, TIMEOUTS.requestMs * 3));
  expect(received).toMatch(/^HTTP\/1\.1 200 /);
  const ticks = received.split(': tick').length;
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(closed).toBe(false);
  expect(received.split(': tick').length).toBeGreaterThan(ticks); // still flowing
  socket.destroy();
});

test('/healthz answers a load balancer without a token and whatever its Host; nothing else does', async () => {
  await startFront();
  const port = front!.port;
  const raw = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
      let answer = '';
      socket.on('data', (d) => (answer += d));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
  expect(await raw('GET /healthz HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 200[\s\S]*\r\n\r\nok\n$/);
  expect(await raw('GET /healthz HTTP/1.1\r\nHost: balancer.internal:80\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 200/);
  expect(await raw('GET /api/getInfo HTTP/1.1\r\nHost: balancer.internal:80\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 403/);
});
