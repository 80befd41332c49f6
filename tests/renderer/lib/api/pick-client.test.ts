// Which client the window uses: the preload's bridge inside Electron, else HTTP + SSE to the page's
// own origin, with the stream opened (with the login cookie) only once something subscribes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PortcullisClient } from '../../../../shared/api.js';
import { pickClient } from '../../../../renderer/src/lib/api/pick-client.js';

afterEach(() => vi.unstubAllGlobals());

describe('pickClient', () => {
  it("inside Electron: the preload's window.portcullis, over IPC", async () => {
    const bridge = { getInfo: async () => ({ version: 'ipc' }), subscribe: () => () => undefined } as unknown as PortcullisClient;
    vi.stubGlobal('window', { portcullis: bridge });
    const client = pickClient();
    expect(client.transport).toBe('ipc');
    expect(await client.getInfo({})).toEqual({ version: 'ipc' });
  });

  it('in a browser: HTTP to the same origin, and the event stream at /api/events with credentials', async () => {
    const opened: [string, unknown][] = [];
    class FakeEventSource {
      readyState = 0;
      onopen = null;
      onerror = null;
      constructor(url: string, init: unknown) {
        opened.push([url, init]);
      }
      addEventListener(): void {}
      close(): void {}
    }
    const posted: string[] = [];
    vi.stubGlobal('window', {});
    vi.stubGlobal('EventSource', FakeEventSource);
    vi.stubGlobal('fetch', async (url: string) => (posted.push(url), new Response('{"version":"http"}', { status: 200 })));
    const client = pickClient();
    expect(client.transport).toBe('http');
    expect(opened).toEqual([]);
    client.subscribe(() => undefined);
    expect(opened).toEqual([['/api/events', { withCredentials: true }]]);
    expect(await client.getInfo({})).toEqual({ version: 'http' });
    expect(posted).toEqual(['/api/getInfo']);
  });
});
