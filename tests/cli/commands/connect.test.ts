// `portcullis connect <server-id>`: the stdio bridge. Its job is a process's stdin/stdout, so it
// runs as the real binary (a child process) against a small HTTP server on 127.0.0.1 that
// plays the gateway's Streamable HTTP endpoint. The full path through a real gateway is
// tests/integration/passthrough-connect.test.ts.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { BIN, runCli } from '../../helpers/cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-cli-connect-');
interface Seen {
  method: string;
  url: string;
  authorization?: string;
  session?: string;
  version?: string;
  body: string;
}
let server: Server;
let url: string;
const seen: Seen[] = [];

beforeEach(async () => {
  seen.length = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, session: req.headers['mcp-session-id'] as string | undefined, version: req.headers['mcp-protocol-version'] as string | undefined, body });
      if (req.method === 'DELETE') return void res.writeHead(200).end();
      const message = JSON.parse(body) as { id?: number; method: string };
      if (message.method === 'initialize') {
        res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 'session-1' });
        return void res.end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { protocolVersion: '2025-06-18', capabilities: {}, serverInfo: { name: 'fake', version: '1' } } }));
      }
      res.writeHead(403, { 'content-type': 'text/plain' }).end('policy says no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  vi.unstubAllEnvs();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

it('needs a grant token', async () => {
  vi.stubEnv('PORTCULLIS_TOKEN', '');
  const result = await runCli(['connect', 'memory', '--url', url], { dataDir: tmp.path });
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/no grant token: pass --token or set PORTCULLIS_TOKEN/);
  expect(seen).toEqual([]);
});

it('bridges stdin lines to /mcp/<id> with the token, answers a refused request with an error, and ends the session when stdin closes', async () => {
  const child = spawn(process.execPath, [BIN, 'connect', 'my server', '--url', url, '--token', 'pcg_test'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = () => stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { id: number; result?: unknown; error?: { code: number; message: string } });
  child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } })}\n`);
  child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} })}\n`);
  await vi.waitFor(() => expect(lines()).toHaveLength(2), { timeout: 15_000 });
  child.stdin.end();
  expect(await exited).toBe(0);

  expect(lines()[0]).toMatchObject({ id: 1, result: { protocolVersion: '2025-06-18' } });
  expect(lines()[1]).toMatchObject({ id: 2, error: { code: -32000 } });
  expect(lines()[1]!.error!.message).toMatch(/^Portcullis gateway: HTTP 403 from the gateway: policy says no/);
  expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /mcp/my%20server', 'POST /mcp/my%20server', 'DELETE /mcp/my%20server']);
  expect(seen.every((s) => s.authorization === 'Bearer pcg_test')).toBe(true);
  // After initialize: the session id and the negotiated protocol version ride on every request.
  expect(seen.slice(1).map((s) => [s.session, s.version])).toEqual([
    ['session-1', '2025-06-18'],
    ['session-1', '2025-06-18'],
  ]);
}, 30_000);
