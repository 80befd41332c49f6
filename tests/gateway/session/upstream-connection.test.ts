// One JSON-RPC engine per upstream connection: the session's peer does initialize and
// notifications/initialized itself, and every request after them is the same peer's (plain
// numeric ids, no second engine's prefix).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { openUpstreamConnection, type UpstreamConnection } from '../../../electron/gateway/session/upstream-connection.js';
import type { UpstreamConfig } from '../../../shared/config.js';

/** A stdio server that writes every line it reads to stderr (which the link keeps), and answers like a tiny server. */
function recordingServer(protocolVersion = '2025-06-18', exitOnInitialize = false): UpstreamConfig {
  const code = `
    const rl = require('node:readline').createInterface({ input: process.stdin });
    const send = (m) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...m }) + '\\n');
    rl.on('line', (line) => {
      process.stderr.write('got ' + line + '\\n');
      const m = JSON.parse(line);
      if (m.method === 'initialize') {
        if (${exitOnInitialize}) process.exit(7);
        send({ id: m.id, result: { protocolVersion: ${JSON.stringify(protocolVersion)}, capabilities: { tools: {} }, serverInfo: { name: 'rec', version: '2.0.0' }, instructions: 'be kind' } });
      } else if (m.id !== undefined) send({ id: m.id, result: { echoed: m.method } });
    });`;
  return { transport: 'stdio', command: process.execPath, args: ['-e', code], env: {} };
}

const options = {
  clientInfo: { name: 'Cursor', version: '1.7.0' },
  capabilities: { sampling: {} },
  onRequest: async () => ({}),
  onNotification: () => undefined,
};

function received(connection: UpstreamConnection): unknown[] {
  return connection
    .stdio!.stderr.snapshot()
    .filter((line) => line.startsWith('got '))
    .map((line) => JSON.parse(line.slice(4)));
}

let connection: UpstreamConnection | undefined;
let server: Server | undefined;
afterEach(async () => {
  await connection?.close();
  connection = undefined;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

describe('openUpstreamConnection', () => {
  test('the peer does the handshake, and the next request is its own with the next plain id', async () => {
    connection = await openUpstreamConnection(recordingServer(), options);
    expect(connection.capabilities).toEqual({ tools: {} });
    expect(connection.serverInfo).toEqual({ name: 'rec', version: '2.0.0' });
    expect(connection.instructions).toBe('be kind');

    const answer = await connection.peer.request('tools/list', {}, { timeoutMs: 10_000, onTimeout: () => new Error('timeout') });
    expect(answer).toEqual({ echoed: 'tools/list' });
    // stderr is its own pipe: the last line may come after the answer on stdout.
    await vi.waitFor(() => expect(received(connection!)).toHaveLength(3));
    const messages = received(connection) as { id?: unknown; method: string; params?: Record<string, unknown> }[];
    expect(messages.map((m) => [m.method, m.id])).toEqual([
      ['initialize', 1],
      ['notifications/initialized', undefined],
      ['tools/list', 2],
    ]);
    expect(messages[0]?.params).toMatchObject({ clientInfo: { name: 'Cursor', version: '1.7.0' }, capabilities: { sampling: {} } });
  });

  test('a protocol version the SDK does not speak is refused', async () => {
    const failure = openUpstreamConnection(recordingServer('1999-01-01'), options);
    await expect(failure).rejects.toThrow(/could not connect to .*protocol version is not supported: 1999-01-01/s);
  });

  test('a server that dies during initialize fails the connection at once, naming its exit', async () => {
    // Not the connect timeout's error: the close itself ends the wait.
    await expect(openUpstreamConnection(recordingServer(undefined, true), { ...options, connectTimeoutMs: 600_000 })).rejects.toThrow(
      /could not connect.*closed during initialize \(process exited with code 7\)/s,
    );
  });

  test('over Streamable HTTP the negotiated protocol version goes on every request after initialize', async () => {
    const seen: { method: string; version?: string }[] = [];
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (req.method !== 'POST') return void res.writeHead(405).end();
        const m = JSON.parse(body);
        seen.push({ method: m.method, version: req.headers['mcp-protocol-version'] as string | undefined });
        if (m.id === undefined) return void res.writeHead(202).end();
        const result = m.method === 'initialize' ? { protocolVersion: '2025-03-26', capabilities: {}, serverInfo: { name: 'h', version: '1' } } : {};
        res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 's-1' }).end(JSON.stringify({ jsonrpc: '2.0', id: m.id, result }));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
    connection = await openUpstreamConnection({ transport: 'http', url, headers: {} }, options);
    await connection.peer.request('ping', undefined, { timeoutMs: 10_000, onTimeout: () => new Error('timeout') });
    expect(seen).toEqual([
      { method: 'initialize', version: undefined },
      { method: 'notifications/initialized', version: '2025-03-26' },
      { method: 'ping', version: '2025-03-26' },
    ]);
  });
});
