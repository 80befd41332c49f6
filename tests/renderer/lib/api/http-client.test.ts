import { describe, expect, it, vi } from 'vitest';
import type { ApiEventName } from '../../../../shared/api.js';
import { API_EVENT_NAMES } from '../../../../shared/api-names.js';
import { ApiError } from '../../../../renderer/src/lib/api/api-error.js';
import type { ConnectionChange } from '../../../../renderer/src/lib/api/connection.js';
import { createHttpClient, type EventStreamLike } from '../../../../renderer/src/lib/api/http-client.js';

class FakeStream implements EventStreamLike {
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  readonly handlers = new Map<string, (event: { data: string }) => void>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: { data: string }) => void): void {
    this.handlers.set(type, listener);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  send(type: string, data: string): void {
    this.handlers.get(type)?.({ data });
  }
  fail(closed: boolean): void {
    this.readyState = closed ? 2 : 0;
    this.onerror?.({});
  }
}

function setup(respond: (url: string, body: unknown) => Response | Promise<Response>) {
  const requests: { url: string; init: RequestInit }[] = [];
  const streams: FakeStream[] = [];
  const timers: (() => void)[] = [];
  const client = createHttpClient({
    baseUrl: 'http://127.0.0.1:7337',
    fetch: async (url, init) => {
      requests.push({ url, init });
      return respond(url, JSON.parse(String(init.body)));
    },
    openEventStream: (url) => {
      const stream = new FakeStream(url);
      streams.push(stream);
      return stream;
    },
    retryDelayMs: () => 5,
    setTimer: (cb) => timers.push(cb),
    clearTimer: () => undefined,
  });
  return { client, requests, streams, timers };
}

const json = (value: unknown, status = 200) => new Response(value === undefined ? '' : JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

describe('HTTP Api client', () => {
  it('POSTs each method as JSON to /api/<method>, same-origin credentials, and returns the JSON answer', async () => {
    const { client, requests } = setup((url) => (url.endsWith('/getInfo') ? json({ version: '1', paused: false }) : json(null)));
    expect(await client.getInfo({})).toEqual({ version: '1', paused: false });
    expect(await client.removeServer({ id: 'files' })).toBeUndefined();
    expect(requests[0]!.url).toBe('http://127.0.0.1:7337/api/getInfo');
    expect(requests[0]!.init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '{}' });
    expect((requests[0]!.init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(requests[1]!.init.body).toBe('{"id":"files"}');
  });

  it('throws ApiErrors with the code and issues of an error body', async () => {
    const { client } = setup(() => json({ error: { message: 'invalid input for addServer', code: 'invalid-input', issues: [{ path: 'id', message: 'a server id' }] } }, 400));
    const error = await client.addServer({ id: 'Bad', upstream: { transport: 'stdio', command: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'invalid-input', status: 400, issues: [{ path: 'id', message: 'a server id' }] });
  });

  it('maps bare statuses and network failures', async () => {
    const { client } = setup(() => new Response('nope', { status: 401 }));
    await expect(client.getInfo({})).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
    const offline = createHttpClient({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
      openEventStream: (url) => new FakeStream(url),
    });
    await expect(offline.getInfo({})).rejects.toMatchObject({ code: 'network', message: expect.stringContaining('Failed to fetch') });
  });

  it('opens one event stream for all subscribers and delivers every event name in order', () => {
    const { client, streams } = setup(() => json(null));
    const seen: [ApiEventName, unknown][] = [];
    const stopA = client.subscribe((event, payload) => seen.push([event, payload]));
    const stopB = client.subscribe(() => undefined);
    expect(streams).toHaveLength(1);
    expect(streams[0]!.url).toBe('http://127.0.0.1:7337/api/events');
    expect([...streams[0]!.handlers.keys()]).toContain('call-finished');
    expect(streams[0]!.handlers.size).toBe(API_EVENT_NAMES.length);
    streams[0]!.send('call-started', '{"id":"1"}');
    streams[0]!.send('call-finished', 'not json');
    streams[0]!.send('paused-changed', '{"paused":true}');
    expect(seen).toEqual([
      ['call-started', { id: '1' }],
      ['paused-changed', { paused: true }],
    ]);
    stopA();
    expect(streams[0]!.closed).toBe(false);
    stopB();
    expect(streams[0]!.closed).toBe(true);
  });

  it('reports the connection, says when it resumed, and reopens a stream the browser gave up on', () => {
    const { client, streams, timers } = setup(() => json(null));
    const changes: ConnectionChange[] = [];
    client.onConnection((change) => changes.push(change));
    client.subscribe(() => undefined);
    streams[0]!.open();
    streams[0]!.fail(false); // dropped: the browser retries by itself
    streams[0]!.open();
    expect(changes).toEqual([
      { state: 'connecting', resumed: false },
      { state: 'open', resumed: false },
      { state: 'reconnecting', resumed: false },
      { state: 'open', resumed: true },
    ]);
    streams[0]!.fail(true); // refused (e.g. 401): the browser stops, the client retries
    expect(streams).toHaveLength(1);
    expect(timers).toHaveLength(1);
    timers[0]!();
    expect(streams).toHaveLength(2);
    streams[1]!.open();
    expect(changes.at(-1)).toEqual({ state: 'open', resumed: true });
  });

  it('tells a stopped gateway from a refused sign-in (a restart), and resumes when either is over', async () => {
    let gateway: 'down' | 'restarted' | 'signed-in' = 'down';
    const { client, streams, timers } = setup(() => {
      if (gateway === 'down') throw new TypeError('Failed to fetch');
      return gateway === 'restarted' ? json({ error: { code: 'unauthorized', message: 'sign in' } }, 401) : json({ version: '1' });
    });
    const changes: ConnectionChange[] = [];
    client.onConnection((change) => changes.push(change));
    client.subscribe(() => undefined);
    streams[0]!.open();
    streams[0]!.fail(false); // the gateway stopped: the browser keeps retrying, the probe cannot connect
    await vi.waitFor(() => expect(changes.at(-1)?.state).toBe('unreachable'));
    gateway = 'restarted';
    streams[0]!.fail(true); // it is back with a new admin token: the stream is refused, and so is the probe
    await vi.waitFor(() => expect(changes.at(-1)?.state).toBe('signed-out'));
    expect(changes.map((c) => c.state)).toEqual(['connecting', 'open', 'reconnecting', 'unreachable', 'signed-out']);
    // Still refused on the next try: it stays signed out, and retries later.
    timers.shift()!();
    streams.at(-1)!.fail(true);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(changes.at(-1)?.state).toBe('signed-out');
    // Signed in again (a fresh link, in this browser): the next try opens, as a resume.
    gateway = 'signed-in';
    timers.shift()!();
    streams.at(-1)!.open();
    expect(changes.at(-1)).toEqual({ state: 'open', resumed: true });
  });

  it('an Api call refused with 401 signs the window out at once', async () => {
    const { client, streams } = setup(() => json({ error: { code: 'unauthorized', message: 'sign in' } }, 401));
    const changes: ConnectionChange[] = [];
    client.onConnection((change) => changes.push(change));
    client.subscribe(() => undefined);
    streams[0]!.open();
    await expect(client.listServers({})).rejects.toMatchObject({ code: 'unauthorized' });
    expect(changes.at(-1)).toEqual({ state: 'signed-out', resumed: false });
    expect(streams[0]!.closed).toBe(true);
  });
});
