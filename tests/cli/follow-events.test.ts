// `--follow`: events handed on one by one; Ctrl-C (SIGINT/SIGTERM) ends it normally, a gateway
// that goes away is an error. Against a small HTTP server on 127.0.0.1 playing /api/events.
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { followEvents } from '../../electron/cli/follow-events.js';
import { CliError } from '../../electron/cli/output.js';
import { RunningGateway } from '../../electron/cli/running-gateway.js';
import type { ApiEvent } from '../../shared/api.js';

let server: Server;
let gateway: RunningGateway;
/** What the fake gateway does with each events request. */
let onEvents: (res: ServerResponse) => void;

beforeEach(async () => {
  server = createServer((_req, res) => onEvents(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway = new RunningGateway({ pid: process.pid, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, adminToken: 't', startedAt: '' });
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const PAUSED = 'event: paused-changed\ndata: {"paused":true}\n\n';
const signalListeners = () => [...process.listeners('SIGINT'), ...process.listeners('SIGTERM')];

it('hands on each event after subscribing, and ends quietly on SIGINT, removing its signal handlers', async () => {
  onEvents = (res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).write(PAUSED + PAUSED);
  const before = process.listeners('SIGINT');
  const order: string[] = [];
  const received: ApiEvent[] = [];
  let interrupt: (() => void) | undefined;
  const done = followEvents(gateway, {
    subscribed: () => {
      order.push('subscribed');
      interrupt = process.listeners('SIGINT').find((l) => !before.includes(l)) as () => void;
    },
    event: (message) => {
      order.push('event');
      received.push(message);
      if (received.length === 2) interrupt?.(); // what Ctrl-C does
    },
  });
  await expect(done).resolves.toBeUndefined();
  expect(order).toEqual(['subscribed', 'event', 'event']);
  expect(received[0]).toEqual({ event: 'paused-changed', data: { paused: true } });
  expect(signalListeners().filter((l) => l === interrupt)).toEqual([]);
});

it('is an error when the gateway closes the stream', async () => {
  onEvents = (res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).end(PAUSED);
  const received: ApiEvent[] = [];
  const error = await followEvents(gateway, { event: (m) => received.push(m) }).catch((e: unknown) => e);
  expect(received).toHaveLength(1);
  expect(error).toBeInstanceOf(CliError);
  expect((error as CliError).message).toBe(`the gateway at ${gateway.url} closed its event stream (did it stop?)`);
});

it('is an error naming the gateway when the connection is cut mid-stream', async () => {
  onEvents = (res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' }).write(PAUSED);
    setImmediate(() => res.socket?.destroy());
  };
  const error = await followEvents(gateway, { event: () => undefined }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CliError);
  expect((error as CliError).message).toMatch(new RegExp(`^lost the gateway's event stream at ${gateway.url} \\(did it stop\\?\\): `));
});

it('passes a handler’s own error on, and removes its signal handlers', async () => {
  onEvents = (res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).write(PAUSED);
  const before = signalListeners().length;
  await expect(followEvents(gateway, { event: () => { throw new Error('printing failed'); } })).rejects.toThrow('printing failed');
  expect(signalListeners()).toHaveLength(before);
});
