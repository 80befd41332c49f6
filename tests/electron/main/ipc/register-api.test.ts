import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PortcullisApi } from '../../../../shared/api.js';
import { API_METHODS } from '../../../../shared/api-schema.js';
import { IPC_API_METHODS, apiCallChannel } from '../../../../shared/ipc-channels.js';
import { registerApiIpc } from '../../../../electron/main/ipc/register-api.js';
import { createTrustedSenderCheck } from '../../../../electron/main/ipc/trusted-sender.js';
import { ipcMain, WebContentsMock, WebFrameMainMock } from '../../electron-mock.js';
import { startTestCore, type TestCore } from '../../helpers/core.js';

const indexHtml = path.resolve('renderer/dist/index.html');
const indexUrl = pathToFileURL(indexHtml).href;

/** An Api whose every method records its input. */
function recordingApi(): PortcullisApi & Record<string, ReturnType<typeof vi.fn>> {
  return Object.fromEntries(API_METHODS.map((m) => [m, vi.fn(async (input: unknown) => ({ method: m, input }))])) as never;
}

describe('Api over IPC', () => {
  let trusted: WebContentsMock;
  let unregister: () => void;
  const log = vi.fn();

  async function register(api: PortcullisApi): Promise<void> {
    trusted = new WebContentsMock();
    await trusted.loadFile(indexHtml, { hash: '/calls' });
    unregister = registerApiIpc({ ipcMain, api, isTrustedSender: createTrustedSenderCheck(() => trusted as never, indexUrl), log });
  }
  const call = (channel: string, input: unknown, sender = trusted, frame: WebFrameMainMock | null = sender.mainFrame) => ipcMain.invokeAs(sender, frame, channel, input);

  afterEach(() => {
    unregister?.();
    vi.clearAllMocks();
  });

  it('registers every contract method exactly once, on api:<method>', async () => {
    await register(recordingApi());
    expect([...IPC_API_METHODS].sort()).toEqual([...API_METHODS].sort()); // the same methods (the two lists may order them differently)
    expect(ipcMain.handle).toHaveBeenCalledTimes(API_METHODS.length);
    const channels = ipcMain.handle.mock.calls.map(([channel]) => channel);
    expect(new Set(channels).size).toBe(channels.length);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map((m) => `api:${m}`).sort());
  });

  it('unregistering removes every handler, so registering again works', async () => {
    await register(recordingApi());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
    await register(recordingApi());
    expect(ipcMain.handlers.size).toBe(API_METHODS.length);
  });

  it('answers the trusted window with the value, the input parsed by the contract schema', async () => {
    const api = recordingApi();
    await register(api);
    const answer = await call(apiCallChannel('decideApproval'), { id: 'apr_1', decision: { action: 'approve' } });
    // The schema's default (scope: once) was applied before the core saw it.
    expect(answer).toEqual({ ok: true, value: { method: 'decideApproval', input: { id: 'apr_1', decision: { action: 'approve', scope: 'once' } } } });
  });

  it('refuses a foreign sender without reading its input', async () => {
    const api = recordingApi();
    await register(api);
    const stranger = new WebContentsMock();
    await stranger.loadFile(indexHtml);
    const answer = await call(apiCallChannel('setPaused'), { paused: true }, stranger);
    expect(answer).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(api.setPaused).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('refused api:setPaused from an untrusted sender'));
  });

  it('refuses a subframe, and our window once it shows another page', async () => {
    const api = recordingApi();
    await register(api);
    const subframe = new WebFrameMainMock(1, 2);
    subframe.parent = trusted.mainFrame;
    subframe.url = indexUrl;
    expect(await call(apiCallChannel('getInfo'), {}, trusted, subframe)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    trusted.mainFrame.url = 'https://evil.example/index.html';
    expect(await call(apiCallChannel('getInfo'), {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(api.getInfo).not.toHaveBeenCalled();
  });

  it('refuses invalid input with the issues and their paths', async () => {
    const api = recordingApi();
    await register(api);
    const answer = (await call(apiCallChannel('setPaused'), { paused: 'yes' })) as { ok: false; error: { code: string; issues: { path: string }[] } };
    expect(answer.ok).toBe(false);
    expect(answer.error.code).toBe('invalid-input');
    expect(answer.error.issues.map((i) => i.path)).toEqual(['paused']);
    expect(await call(apiCallChannel('getInfo'), { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(api.setPaused).not.toHaveBeenCalled();
  });

  describe('with the real core', () => {
    let t: TestCore;
    beforeEach(async () => {
      t = await startTestCore();
      await register(t.api);
    });
    afterEach(async () => t.stop());

    it('reaches the core: getInfo, pause, and an approval decided over IPC', async () => {
      expect(await call(apiCallChannel('getInfo'), {})).toMatchObject({ ok: true, value: { host: 'electron', url: t.core.gateway.url } });
      await call(apiCallChannel('setPaused'), { paused: true });
      expect(t.core.paused).toBe(true);
      const { answer, id } = t.hold();
      expect(await call(apiCallChannel('decideApproval'), { id, decision: { action: 'approve', scope: 'session' } })).toMatchObject({ ok: true, value: { outcome: 'approved', by: 'app' } });
      await expect(answer).resolves.toMatchObject({ outcome: 'approved', scope: 'session' });
    });

    it("maps the core's errors to codes the renderer understands", async () => {
      expect(await call(apiCallChannel('decideApproval'), { id: 'apr_gone', decision: { action: 'deny' } })).toMatchObject({ ok: false, error: { code: 'not-found' } });
      expect(await call(apiCallChannel('getPolicy'), { serverId: 'nope' })).toMatchObject({ ok: false });
    });
  });
});
