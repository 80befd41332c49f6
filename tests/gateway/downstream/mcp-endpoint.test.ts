// Session caps at the /mcp endpoints: a grant (and everyone together) can hold only so many
// sessions, and each is refused before any upstream process is spawned.
import net from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { LeanHttpTransport, type StreamOverflow } from '../../../electron/gateway/downstream/lean-http-transport.js';
import { DEFAULT_SETTINGS } from '../../../shared/config.js';
import { createGrant } from '../../../electron/gateway/config/grants.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { updateSettings } from '../../helpers/settings.js';
import { openRawSession, tinyProcesses, tinyStdio } from '../../helpers/tiny.js';
import { waitFor } from '../../helpers/wait-for.js';

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

describe('session caps', () => {
  test('500 session attempts by one grant: the first maxSessionsPerGrant open, the rest get 429 naming the cap; children and memory stay bounded', { timeout: 120_000 }, async () => {
    gw = await startTestGateway({ tiny: tinyStdio() });
    const cap = DEFAULT_SETTINGS.maxSessionsPerGrant;
    expect(cap).toBeGreaterThan(0);
    const before = tinyProcesses().length;

    // All at once, in a few waves of 100 (every attempt in a wave is in flight together).
    const answers = [];
    for (let wave = 0; wave < 5; wave++) {
      answers.push(...(await Promise.all(Array.from({ length: 100 }, () => openRawSession(gw!.endpoint('tiny'), gw!.token)))));
    }

    const opened = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect(opened).toHaveLength(cap);
    expect(refused).toHaveLength(500 - cap);
    const error = JSON.parse(refused[0]!.body) as { error: { code: number; message: string; data: Record<string, unknown> } };
    expect(error.error.message).toMatch(new RegExp(`grant '.+' already has ${cap} open sessions.*maxSessionsPerGrant`));
    expect(error.error.data).toEqual({ cap: 'sessions-per-grant', limit: cap, setting: 'maxSessionsPerGrant' });

    // One upstream process per open session, no more; the registry agrees.
    expect(gw.gateway.sessions.all()).toHaveLength(cap);
    expect(tinyProcesses().length - before).toBe(cap);
    expect(process.memoryUsage().rss).toBeLessThan(1.5 * 1024 ** 3);

    // Closing one frees a place for the next.
    const first = opened[0]!;
    await fetch(gw.endpoint('tiny'), { method: 'DELETE', headers: { authorization: `Bearer ${gw.token}`, 'mcp-session-id': first.sessionId! } });
    await waitFor(() => gw!.gateway.sessions.all().length === cap - 1, { what: 'the session to close' });
    expect((await openRawSession(gw.endpoint('tiny'), gw.token)).status).toBe(200);
    expect((await openRawSession(gw.endpoint('tiny'), gw.token)).status).toBe(429);
  });

  test('past the total cap every grant gets 503 naming maxSessions; an aggregate /mcp session counts once', { timeout: 60_000 }, async () => {
    gw = await startTestGateway({ a: tinyStdio(), b: tinyStdio() });
    await updateSettings(gw, { maxSessions: 3, maxSessionsPerGrant: 2 });
    const other = (await createGrant(gw.gateway.config, 'other')).token;

    // One aggregate session (two upstreams) counts as one of the grant's two.
    expect((await openRawSession(gw.gateway.aggregateEndpoint, gw.token)).status).toBe(200);
    expect((await openRawSession(gw.endpoint('a'), gw.token)).status).toBe(200);
    const perGrant = await openRawSession(gw.endpoint('a'), gw.token);
    expect(perGrant.status).toBe(429);
    // Refused before its body is read: an over-long one gets the cap's answer, not 413.
    const oversized = await fetch(gw.endpoint('a'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${gw.token}` },
      body: 'x'.repeat(DEFAULT_SETTINGS.maxBodyBytes + 1),
    });
    expect(oversized.status).toBe(429);

    expect((await openRawSession(gw.endpoint('b'), other)).status).toBe(200);
    const total = await openRawSession(gw.endpoint('b'), other);
    expect(total.status).toBe(503);
    const error = JSON.parse(total.body) as { error: { message: string; data: Record<string, unknown> } };
    expect(error.error.message).toMatch(/3 sessions are open.*maxSessions/);
    expect(error.error.data).toEqual({ cap: 'sessions', limit: 3, setting: 'maxSessions' });
  });

  test('a long clientInfo is cut once, when the session is created', async () => {
    gw = await startTestGateway({ tiny: tinyStdio() });
    const huge = 'n'.repeat(3 * 1024 * 1024);
    const answer = await openRawSession(gw.endpoint('tiny'), gw.token, { name: huge, version: 'v'.repeat(1000), title: 't'.repeat(300) });
    expect(answer.status).toBe(200);
    const session = gw.gateway.sessions.get(answer.sessionId!)!;
    const info = session.clientInfo as { name: string; version: string; title: string };
    expect(info.name.length).toBeLessThanOrEqual(256);
    expect(info.name.endsWith('…')).toBe(true);
    expect(info.version.length).toBeLessThanOrEqual(256);
    expect(info.title.length).toBeLessThanOrEqual(256);
    expect(session.context.clientInfo).toBe(session.clientInfo);
  });
});

describe('idle sessions', () => {
  test('are reaped at the configured time with their upstream process; the id then gets 404', { timeout: 30_000 }, async () => {
    gw = await startTestGateway({ tiny: tinyStdio() });
    await updateSettings(gw, { sessionIdleMinutes: 0.01 }); // 600 ms
    const before = new Set(tinyProcesses());
    const closed = new Promise<void>((resolve) => gw!.gateway.once('session-closed', () => resolve()));
    const answer = await openRawSession(gw.endpoint('tiny'), gw.token);
    expect(answer.status).toBe(200);
    const upstream = tinyProcesses().filter((pid) => !before.has(pid));
    expect(upstream).toHaveLength(1);

    await closed;
    expect(gw.gateway.sessions.all()).toHaveLength(0);
    await waitFor(() => !tinyProcesses().includes(upstream[0]!), { what: 'the upstream process to end' });
    const late = await fetch(gw.endpoint('tiny'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${gw.token}`, 'mcp-session-id': answer.sessionId! },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(late.status).toBe(404);
  });
});

describe('a client that stops reading', () => {
  test('while the upstream floods notifications: its stream is cut past maxStreamBufferBytes, the session and its upstream end', { timeout: 60_000 }, async () => {
    gw = await startTestGateway({ tiny: tinyStdio() });
    const limit = 256 * 1024;
    await updateSettings(gw, { maxStreamBufferBytes: limit });
    const before = new Set(tinyProcesses());
    const answer = await openRawSession(gw.endpoint('tiny'), gw.token);
    const upstream = tinyProcesses().filter((pid) => !before.has(pid));
    const session = gw.gateway.sessions.get(answer.sessionId!)!;
    expect(session.transport.maxBufferedBytes).toBe(limit);
    const transport = session.transport;
    if (!(transport instanceof LeanHttpTransport)) throw new Error('the endpoint hands sessions a LeanHttpTransport');
    const overflows: StreamOverflow[] = [];
    transport.onoverflow = (o) => overflows.push(o);
    const closed = new Promise<void>((resolve) => gw!.gateway.once('session-closed', () => resolve()));

    // tools/call flood on a raw connection that never reads its answer stream: 4,000 x 8 KB.
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'flood', arguments: { count: 4000, bytes: 8192 } } });
    const socket = net.connect(gw.gateway.port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.pause();
    socket.write(
      `POST /mcp/tiny HTTP/1.1\r\nHost: 127.0.0.1:${gw.gateway.port}\r\nAuthorization: Bearer ${gw.token}\r\nContent-Type: application/json\r\n` +
        `Accept: application/json, text/event-stream\r\nMcp-Session-Id: ${answer.sessionId}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );

    await closed;
    expect(overflows).toHaveLength(1);
    expect(overflows[0]).toMatchObject({ stream: 'request', limit });
    expect(overflows[0]!.bufferedBytes).toBeLessThanOrEqual(limit + 16 * 1024);
    await waitFor(() => !tinyProcesses().includes(upstream[0]!), { what: 'the upstream process to end' });
    expect((await fetch(gw.endpoint('tiny'), { method: 'DELETE', headers: { authorization: `Bearer ${gw.token}`, 'mcp-session-id': answer.sessionId! } })).status).toBe(404);
    socket.destroy();
  });
});
