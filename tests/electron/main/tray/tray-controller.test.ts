import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TrayController } from '../../../../electron/main/tray/tray-controller.js';
import { clickMenuItem, clipboard, findMenuItem, TrayMock } from '../../electron-mock.js';
import { startTestCore, type TestCore } from '../../helpers/core.js';

const iconDir = path.resolve('build/tray');

describe('tray controller (real core)', () => {
  let t: TestCore;
  let tray: TrayController;
  const openWindow = vi.fn();
  const quit = vi.fn();
  const log = vi.fn();

  async function start(platform: NodeJS.Platform = 'linux'): Promise<TrayMock> {
    tray = new TrayController({ api: t.api, iconDir, platform, openWindow, quit, log });
    await tray.start();
    const mock = TrayMock.instances.at(-1);
    if (!mock) throw new Error('no tray');
    return mock;
  }
  const menu = (mock: TrayMock) => mock.menu?.items ?? [];

  beforeEach(async () => {
    t = await startTestCore();
  });
  afterEach(async () => {
    tray?.dispose();
    await t.stop();
    vi.clearAllMocks();
  });

  it('starts running, with the gateway endpoint and a coloured icon (Linux)', async () => {
    const mock = await start('linux');
    expect(mock.image.path).toBe(path.join(iconDir, 'running.png'));
    expect(mock.image.isTemplateImage()).toBe(false);
    expect(findMenuItem(menu(mock), 'endpoint')?.label).toBe(`Endpoint: ${t.core.gateway.url}/mcp/<server>`);
    expect(mock.toolTip).toMatch(/^Portcullis — Gateway running/);
  });

  it('uses monochrome template images on macOS', async () => {
    const mock = await start('darwin');
    expect(mock.image.path).toBe(path.join(iconDir, 'runningTemplate.png'));
    expect(mock.image.isTemplateImage()).toBe(true);
  });

  it('rebuilds on a new approval; Approve in the tray reaches the core and releases the call', async () => {
    const mock = await start();
    const { answer, id } = t.hold();
    await vi.waitFor(() => expect(mock.image.path).toBe(path.join(iconDir, 'attention.png')));
    expect(findMenuItem(menu(mock), `approval:${id}`)?.label).toBe('odoo/odoo_execute — Cursor · high risk');

    clickMenuItem(menu(mock), `approve:${id}`);
    await expect(answer).resolves.toMatchObject({ id, outcome: 'approved', scope: 'once', by: 'tray' });
    await vi.waitFor(() => expect(findMenuItem(menu(mock), `approval:${id}`)).toBeUndefined());
    expect(mock.image.path).toBe(path.join(iconDir, 'running.png'));
  });

  it('Deny in the tray denies with a reason the agent sees', async () => {
    const mock = await start();
    const { answer, id } = t.hold();
    await vi.waitFor(() => expect(findMenuItem(menu(mock), `deny:${id}`)).toBeDefined());
    clickMenuItem(menu(mock), `deny:${id}`);
    await expect(answer).resolves.toMatchObject({ outcome: 'denied', by: 'tray', reason: 'Denied from the Portcullis tray menu' });
  });

  it('a stale menu item (already answered elsewhere) is logged, not thrown', async () => {
    const mock = await start();
    const { answer, id } = t.hold();
    await vi.waitFor(() => expect(findMenuItem(menu(mock), `approve:${id}`)).toBeDefined());
    const stale = menu(mock);
    await t.api.decideApproval({ id, decision: { action: 'deny' } });
    await answer;
    expect(() => clickMenuItem(stale, `approve:${id}`)).not.toThrow();
    // The decision goes through the Api (a promise): its refusal is logged a turn later.
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith(expect.stringContaining('no pending approval')));
  });

  it('Pause gateway pauses the core and shows the paused icon', async () => {
    const mock = await start();
    clickMenuItem(menu(mock), 'pause');
    await vi.waitFor(() => expect(mock.image.path).toBe(path.join(iconDir, 'paused.png')));
    expect(t.core.paused).toBe(true);
    expect(findMenuItem(menu(mock), 'pause')?.checked).toBe(true);
  });

  it('Start at login saves the setting, and the menu follows', async () => {
    const mock = await start();
    const changed = new Promise<void>((resolve) => t.core.events.subscribe((event) => event === 'settings-changed' && resolve()));
    clickMenuItem(menu(mock), 'start-at-login');
    await changed;
    expect(t.core.gateway.config.settings.startAtLogin).toBe(true);
    await vi.waitFor(() => expect(findMenuItem(menu(mock), 'start-at-login')?.checked).toBe(true));
  });

  it('Open, copy and Quit reach the window, the clipboard and the app', async () => {
    const mock = await start();
    clickMenuItem(menu(mock), 'open');
    clickMenuItem(menu(mock), 'endpoint');
    clickMenuItem(menu(mock), 'quit');
    expect(openWindow).toHaveBeenCalledWith(undefined);
    expect(clipboard.writeText).toHaveBeenCalledWith(t.core.gateway.url);
    expect(quit).toHaveBeenCalledOnce();
  });

  it('Windows: a click on the icon opens the window', async () => {
    const mock = await start('win32');
    mock.emit('click');
    expect(openWindow).toHaveBeenCalledOnce();
  });
});
