// Which host the renderer runs in: Electron's preload exposes `window.portcullis`;
// anywhere else the page was served by `portcullis serve` and talks HTTP + SSE.
import type { PortcullisClient } from '../../../../shared/api.js';
import type { AppClient } from './connection.js';
import { createHttpClient, type EventStreamLike } from './http-client.js';
import { createIpcClient } from './ipc-client.js';

declare global {
  interface Window {
    portcullis?: PortcullisClient;
  }
}

export function pickClient(): AppClient {
  if (window.portcullis) return createIpcClient(window.portcullis);
  return createHttpClient({
    baseUrl: '',
    openEventStream: (url) => new EventSource(url, { withCredentials: true }) as unknown as EventStreamLike,
  });
}
