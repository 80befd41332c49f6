// Finding the gateway serving a data directory (runtime.json + a live pid + an Api that accepts
// the admin token) and calling it: against a small HTTP server on 127.0.0.1 that plays the gateway.
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findRunningGateway, requireRunningGateway, RunningGateway } from '../../electron/cli/running-gateway.js';
import { CliError } from '../../electron/cli/output.js';
import { ApiError } from '../../shared/api-error.js';
import type { ApiEvent } from '../../shared/api.js';
import { useTempDir } from '../helpers/temp-dir.js';

const TOKEN = 'admin-token-1';
const tmp = useTempDir('portcullis-running-gateway-');

interface Seen {
  path: string;
  authorization?: string;
  actor?: string;
  body: string;
}
let server: Server;
let url: string;
let seen: Seen[];
let eventStream: string;

function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
  seen.push({ path: req.url ?? '', authorization: req.headers.authorization, actor: req.headers['x-portcullis-actor'] as string | undefined, body });
  if (req.headers.authorization !== `Bearer ${TOKEN}`) {
    res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'unauthorized', code: 'unauthorized' } }));
    return;
  }
  if (req.url === '/api/events') {
    res.writeHead(200, { 'content-type': 'text/event-stream' }).end(eventStream);
    return;
  }
  if (req.url === '/api/getInfo') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version: 'test' }));
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: "no server 'x'", code: 'not-found' } }));
}

beforeEach(async () => {
  seen = [];
  eventStream = '';
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => answer(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const writeRuntime = (runtime: unknown) => writeFile(path.join(tmp.path, 'runtime.json'), typeof runtime === 'string' ? runtime : JSON.stringify(runtime));
/** A pid no process has: above Linux's pid_max limit (2^22). */
const DEAD_PID = 2 ** 22 + 1;

describe('findRunningGateway', () => {
  it('finds the gateway whose runtime file names a live pid and whose Api accepts the token', async () => {
    await writeRuntime({ pid: process.pid, url, adminToken: TOKEN, startedAt: '2026-12-07T05:00:00.000Z' });
    const gateway = await findRunningGateway(tmp.path);
    expect(gateway?.url).toBe(url);
    expect(gateway?.runtime.startedAt).toBe('2026-12-07T05:00:00.000Z');
    expect(seen).toEqual([{ path: '/api/getInfo', authorization: `Bearer ${TOKEN}`, actor: 'cli', body: '{}' }]);
  });

  it('finds none without a runtime file, with a torn or incomplete one, or for a dead pid (no request made)', async () => {
    expect(await findRunningGateway(tmp.path)).toBeUndefined();
    await writeRuntime('{"pid": 12');
    expect(await findRunningGateway(tmp.path)).toBeUndefined();
    await writeRuntime({ pid: process.pid, url });
    expect(await findRunningGateway(tmp.path)).toBeUndefined();
    await writeRuntime({ pid: DEAD_PID, url, adminToken: TOKEN });
    expect(await findRunningGateway(tmp.path)).toBeUndefined();
    expect(seen).toEqual([]);
  });

  it('finds none when the Api refuses the token (the pid now belongs to another run)', async () => {
    await writeRuntime({ pid: process.pid, url, adminToken: 'stale-token' });
    expect(await findRunningGateway(tmp.path)).toBeUndefined();
    expect(seen.map((s) => s.path)).toEqual(['/api/getInfo']);
  });

  it('requireRunningGateway names the data directory and what needed a gateway', async () => {
    const error = await requireRunningGateway(tmp.path, 'approving needs one').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe(`no running gateway for ${tmp.path}: approving needs one (start one with: portcullis serve)`);
  });
});

describe('RunningGateway', () => {
  const gatewayAt = (at: string, adminToken = TOKEN) => new RunningGateway({ pid: process.pid, url: at, adminToken, startedAt: '' });

  it('posts each Api call as JSON and answers an error response as the ApiError it carries', async () => {
    const gateway = gatewayAt(url);
    await expect(gateway.api.getInfo({})).resolves.toEqual({ version: 'test' });
    const error = await gateway.api.removeServer({ id: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'not-found', message: "no server 'x'", status: 404 });
    expect(seen.at(-1)).toMatchObject({ path: '/api/removeServer', body: '{"id":"x"}' });
  });

  it('says it could not reach the gateway, naming its address', async () => {
    const closed = url;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server = createServer().listen(0, '127.0.0.1'); // for afterEach
    const error = await gatewayAt(closed).api.getInfo({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe(`could not reach the gateway at ${closed}: ECONNREFUSED`);
  });

  it('yields only the Api events it knows, with JSON data, skipping others and broken data', async () => {
    eventStream = [
      'event: paused-changed\ndata: {"paused":true}\n\n',
      'event: not-ours\ndata: {}\n\n',
      'event: policy-changed\ndata: {broken\n\n',
      ': a comment\n\n',
      'event: policy-changed\ndata: {"serverId":"memory"}\n\n',
    ].join('');
    const events = await gatewayAt(url).events(new AbortController().signal);
    const received: ApiEvent[] = [];
    for await (const event of events) received.push(event);
    expect(received).toEqual([
      { event: 'paused-changed', data: { paused: true } },
      { event: 'policy-changed', data: { serverId: 'memory' } },
    ]);
  });

  it('reports a refused event stream with its HTTP status', async () => {
    await expect(gatewayAt(url, 'wrong').events(new AbortController().signal)).rejects.toThrow('the gateway refused its event stream (HTTP 401)');
  });
});
