// GET /api/events: the Api's event stream as Server-Sent Events, in emission order.
import type { ServerResponse } from 'node:http';
import type { PortcullisClient } from '../../../shared/api.js';

const KEEPALIVE_MS = 15_000;

export function streamEvents(client: PortcullisClient, res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(': portcullis events\n\n');
  let id = 0;
  const unsubscribe = client.subscribe((event, payload) => {
    res.write(`id: ${++id}\nevent: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  });
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  keepalive.unref();
  res.once('close', () => {
    clearInterval(keepalive);
    unsubscribe();
  });
}
