// `portcullis ui`: a fresh login link from the running gateway (that the link signs in once is
// tests/gateway/host/admin-auth.test.ts's). Against a small HTTP server on 127.0.0.1 playing the gateway.
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const TOKEN = 'admin-token-ui';
const tmp = useTempDir('portcullis-cli-ui-');
let server: Server;
let url: string;
let mint: (authorized: boolean) => { status: number; body: unknown };
const requests: string[] = [];

beforeEach(async () => {
  requests.length = 0;
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const authorized = req.headers.authorization === `Bearer ${TOKEN}`;
    if (req.url === '/api/getInfo') return void res.writeHead(authorized ? 200 : 401, { 'content-type': 'application/json' }).end('{}');
    const { status, body } = mint(authorized);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await writeFile(path.join(tmp.path, 'runtime.json'), JSON.stringify({ pid: process.pid, url, adminToken: TOKEN, startedAt: '' }));
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

it('prints the link the gateway mints, alone on stdout', async () => {
  mint = (authorized) => (authorized ? { status: 200, body: { url: `${url}/login?token=once` } } : { status: 401, body: {} });
  const result = await runCli(['ui'], { dataDir: tmp.path });
  expect(result).toMatchObject({ code: 0, stdout: `UI: ${url}/login?token=once\n` });
  expect(requests).toEqual(['POST /api/getInfo', 'POST /login/links']);
});

it('says so when the gateway does not make a link, whatever the refusal’s body holds', async () => {
  for (const [status, body] of [[500, { error: 'no' }], [403, { url: `${url}/login?token=stale` }]] as const) {
    mint = () => ({ status, body });
    const result = await runCli(['ui'], { dataDir: tmp.path });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`the gateway did not make a login link \\(HTTP ${status}\\)`));
  }
});

it('needs a running gateway', async () => {
  mint = () => ({ status: 200, body: { url: 'x' } });
  await writeFile(path.join(tmp.path, 'runtime.json'), '{}');
  const result = await runCli(['ui'], { dataDir: tmp.path });
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/no running gateway for .*: a login link comes from the running gateway \(start one with: portcullis serve\)/);
  expect(requests).toEqual([]);
});
