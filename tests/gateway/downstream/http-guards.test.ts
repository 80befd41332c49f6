import http, { type IncomingMessage } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { HttpError, allowedHosts, checkHost, checkOrigin, extraHostnames, readJsonBody } from '../../../electron/gateway/downstream/http-guards.js';

interface BodyOutcome {
  body?: unknown;
  error?: { status: number; message: string };
  /** Whether the body was read through the stream's 'data' events (the slow path). */
  streamed: boolean;
  /** Whether the request stream ended and closed afterwards. */
  closed?: boolean;
}

let server: http.Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server whose handler reads the body the way the /mcp endpoint does, and reports what happened. */
async function bodyServer(maxBytes: number): Promise<{ port: number; outcomes: BodyOutcome[] }> {
  const outcomes: BodyOutcome[] = [];
  server = http.createServer((req: IncomingMessage, res) => {
    const closed = new Promise<boolean>((resolve) => {
      let ended = false;
      req.once('end', () => (ended = true));
      req.once('close', () => resolve(ended));
    });
    readJsonBody(req, maxBytes).then(
      async (body) => {
        const outcome: BodyOutcome = { body, streamed: req.listenerCount('data') > 0 };
        res.end('done');
        outcome.closed = await closed;
        outcomes.push(outcome);
      },
      (error: HttpError) => {
        outcomes.push({ error: { status: error.status, message: error.message }, streamed: req.listenerCount('data') > 0 });
        req.resume();
        res.end('done');
      },
    );
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { port: (server!.address() as AddressInfo).port, outcomes };
}

/** Sends raw bytes in the given pieces (a pause between them), and waits for the response to end. */
async function sendRaw(port: number, pieces: (string | Buffer)[], pauseMs = 20): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const answered = new Promise<void>((resolve) => {
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
      if (text.includes('done')) resolve();
    });
    socket.once('close', () => resolve());
  });
  for (const [i, piece] of pieces.entries()) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    socket.write(piece);
  }
  await answered;
  socket.destroy();
}

const head = (length: number | 'chunked') =>
  `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${length === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`}\r\n\r\n`;

describe('readJsonBody', () => {
  test('a body that arrives with its headers is taken whole, without the stream events', async () => {
    const { port, outcomes } = await bodyServer(1024);
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo' } });
    await sendRaw(port, [head(Buffer.byteLength(body)) + body]);
    await expect.poll(() => outcomes.length).toBe(1);
    expect(outcomes).toEqual([{ body: JSON.parse(body), streamed: false, closed: true }]);
  });

  test('a body that comes after its headers, in pieces, is read whole', async () => {
    const { port, outcomes } = await bodyServer(1024);
    const body = '{"jsonrpc":"2.0","id":"é","method":"ping"}';
    const bytes = Buffer.from(body);
    await sendRaw(port, [head(bytes.length), bytes.subarray(0, 10), bytes.subarray(10, 25), bytes.subarray(25)]);
    await expect.poll(() => outcomes.length).toBe(1);
    expect(outcomes).toEqual([{ body: JSON.parse(body), streamed: true, closed: true }]);
  });

  test('a chunked body is read whole', async () => {
    const { port, outcomes } = await bodyServer(1024);
    await sendRaw(port, [`${head('chunked')}5\r\n{"a":\r\n`, '2\r\n1}\r\n0\r\n\r\n']);
    await expect.poll(() => outcomes.length).toBe(1);
    expect(outcomes).toEqual([{ body: { a: 1 }, streamed: true, closed: true }]);
  });

  test('a declared length over the limit is refused before the body is read (413)', async () => {
    const { port, outcomes } = await bodyServer(16);
    await sendRaw(port, [head(17) + '{"a":"123456789"}']);
    expect(outcomes[0]?.error).toEqual({ status: 413, message: 'Payload Too Large: request body is 17 bytes, the limit is 16' });
  });

  test('a chunked body that grows past the limit is refused (413)', async () => {
    const { port, outcomes } = await bodyServer(16);
    await sendRaw(port, [`${head('chunked')}a\r\n{"a":"1234\r\n`, 'a\r\n567890123"\r\n', '1\r\n}\r\n0\r\n\r\n']);
    expect(outcomes[0]?.error?.status).toBe(413);
  });

  test('invalid UTF-8, invalid JSON and an empty body are parse errors (400)', async () => {
    const { port, outcomes } = await bodyServer(1024);
    const invalidUtf8 = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    await sendRaw(port, [Buffer.concat([Buffer.from(head(invalidUtf8.length)), invalidUtf8])]);
    await sendRaw(port, [head(5) + '{"a":']);
    await sendRaw(port, [head(0)]);
    expect(outcomes.map((o) => o.error?.status)).toEqual([400, 400, 400]);
    expect(outcomes[0]?.error?.message).toBe('Parse error: request body is not valid UTF-8');
    expect(outcomes[1]?.error?.message).toMatch(/^Parse error: /);
  });

  test('a client that hangs up mid-body gets the request refused, not left waiting', async () => {
    const { port, outcomes } = await bodyServer(1024);
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(head(40) + '{"jsonrpc":');
    await new Promise((resolve) => setTimeout(resolve, 20));
    socket.destroy();
    await expect.poll(() => outcomes.length).toBe(1);
    expect(outcomes[0]?.error?.status).toBe(400);
  });
});

describe('allowedHosts and checkOrigin with a load balancer in front', () => {
  const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

  test('by default only loopback names with the listener port; extra hosts are taken as written', () => {
    const own = allowedHosts('127.0.0.1', 7341);
    expect(own.has('127.0.0.1:7341')).toBe(true);
    expect(own.has('localhost:7341')).toBe(true);
    expect(own.has('127.0.0.1:7337')).toBe(false);
    expect(() => checkHost(request({ host: 'gateway.team.internal:7337' }), own)).toThrow(/unknown Host/);
    const behind = allowedHosts('127.0.0.1', 7341, ['Gateway.Team.Internal:7337']);
    expect(() => checkHost(request({ host: 'gateway.team.internal:7337' }), behind)).not.toThrow();
    expect(() => checkHost(request({ host: 'gateway.team.internal:7338' }), behind)).toThrow(/unknown Host/);
  });

  test('a page served through the balancer may call the Api; other origins still may not', () => {
    const names = extraHostnames(['gateway.team.internal:7337']);
    expect(checkOrigin(request({ origin: 'http://gateway.team.internal:7337' }), '127.0.0.1', names)).toBe('http://gateway.team.internal:7337');
    expect(() => checkOrigin(request({ origin: 'http://gateway.team.internal:7337' }), '127.0.0.1')).toThrow(HttpError);
    expect(() => checkOrigin(request({ origin: 'http://evil.example' }), '127.0.0.1', names)).toThrow(/Origin/);
  });
});
