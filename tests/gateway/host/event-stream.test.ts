// GET /api/events: the Api's events as Server-Sent Events, numbered in emission order.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PassThrough } from 'node:stream';
import type { ServerResponse } from 'node:http';
import type { PortcullisClient } from '../../../shared/api.js';
import { EventBus } from '../../../electron/gateway/event-bus.js';
import { streamEvents } from '../../../electron/gateway/host/event-stream.js';

/** A response that records its head and body, and closes like a socket does. */
function recordingResponse() {
  const stream = new PassThrough();
  let head: { status: number; headers: Record<string, string> } | undefined;
  let body = '';
  stream.on('data', (chunk: Buffer) => (body += chunk.toString()));
  const res = Object.assign(stream, {
    writeHead(status: number, headers: Record<string, string>) {
      head = { status, headers };
      return res;
    },
  });
  return { res: res as unknown as ServerResponse, head: () => head, body: () => body, close: () => stream.emit('close') };
}

function clientOn(bus: EventBus): PortcullisClient {
  return { subscribe: (listener) => bus.subscribe(listener) } as PortcullisClient;
}

afterEach(() => vi.useRealTimers());

describe('streamEvents', () => {
  it('answers as an unbuffered event stream and writes each event with an increasing id', async () => {
    const bus = new EventBus();
    const out = recordingResponse();
    streamEvents(clientOn(bus), out.res);
    bus.emit('servers-changed', { ids: ['a'] });
    bus.emit('policy-changed', { serverId: 'a' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(out.head()?.status).toBe(200);
    expect(out.head()?.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(out.head()?.headers['x-accel-buffering']).toBe('no');
    expect(out.body()).toBe(
      ': portcullis events\n\n' +
        'id: 1\nevent: servers-changed\ndata: {"ids":["a"]}\n\n' +
        'id: 2\nevent: policy-changed\ndata: {"serverId":"a"}\n\n',
    );
  });

  it('sends a keepalive comment every 15 s, and on close unsubscribes and stops them', async () => {
    vi.useFakeTimers();
    const bus = new EventBus();
    const out = recordingResponse();
    streamEvents(clientOn(bus), out.res);
    vi.advanceTimersByTime(15_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(out.body().match(/: keepalive/g)).toHaveLength(1);
    out.close();
    expect(bus.size).toBe(0);
    vi.advanceTimersByTime(60_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(out.body().match(/: keepalive/g)).toHaveLength(1);
  });
});
