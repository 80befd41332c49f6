import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MainWindow } from '../../../../electron/main/window/main-window.js';
import { stayInTrayWhenWindowsClose } from '../../../../electron/main/app-events/window-all-closed.js';
import { app, BrowserWindowMock } from '../../electron-mock.js';

const indexHtml = path.resolve('renderer/dist/index.html');
const readyToShow = (window: BrowserWindowMock) => new Promise<void>((resolve) => window.once('ready-to-show', () => setImmediate(resolve)));

function mainWindow(): MainWindow {
  return new MainWindow({ indexHtml, preload: '/app/dist/electron/preload.cjs', icon: '/app/icon.png', devTools: false, dock: app.dock as never, log: () => undefined });
}

describe('main window lifecycle', () => {
  afterEach(() => {
    for (const w of BrowserWindowMock.getAllWindows()) w.destroy();
    BrowserWindowMock.instances.length = 0;
    vi.clearAllMocks();
  });

  it('is not created until asked for', () => {
    const window = mainWindow();
    expect(BrowserWindowMock.instances).toHaveLength(0);
    expect(window.current()).toBeUndefined();
    expect(window.contents()).toBeUndefined();
  });

  it('is created on demand, sandboxed, and shown once its page is ready', async () => {
    const window = mainWindow();
    const created = window.show() as unknown as BrowserWindowMock;
    expect(created.options.show).toBe(false);
    expect(created.options.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      devTools: false,
    });
    // Electronegativity's AUXCLICK check: middle clicks open nothing.
    expect(created.options.webPreferences).toMatchObject({ disableBlinkFeatures: 'Auxclick' });
    expect(created.webContents.getURL()).toBe(pathToFileURL(indexHtml).href);
    await readyToShow(created);
    expect(created.isVisible()).toBe(true);
    expect(app.dock.show).toHaveBeenCalled();
  });

  it('a second show reuses the window, restores and focuses it; a route changes only the hash', async () => {
    const window = mainWindow();
    const first = window.show() as unknown as BrowserWindowMock;
    await readyToShow(first);
    first.minimize();
    const again = window.show({ view: 'approvals' }) as unknown as BrowserWindowMock;
    expect(again).toBe(first);
    expect(BrowserWindowMock.instances).toHaveLength(1);
    expect(first.isMinimized()).toBe(false);
    expect(first.focused).toBe(true);
    expect(first.webContents.getURL()).toBe(`${pathToFileURL(indexHtml).href}#/approvals`);
    window.show({ view: 'policy', param: 'my server' });
    expect(first.webContents.getURL()).toBe(`${pathToFileURL(indexHtml).href}#/policy/my%20server`);
  });

  it('a new window opens straight on the asked view', () => {
    const created = mainWindow().show({ view: 'approvals' }) as unknown as BrowserWindowMock;
    expect(created.webContents.getURL()).toMatch(/index\.html#\/approvals$/);
  });

  it('closing destroys the window but keeps the app in the tray; showing again makes a new one', async () => {
    stayInTrayWhenWindowsClose(app as never);
    const quit = vi.spyOn(app, 'quit');
    const window = mainWindow();
    const first = window.show() as unknown as BrowserWindowMock;
    first.close();
    expect(first.isDestroyed()).toBe(true);
    expect(window.current()).toBeUndefined();
    expect(app.listenerCount('window-all-closed')).toBeGreaterThan(0);
    expect(quit).not.toHaveBeenCalled();
    expect(app.dock.hide).toHaveBeenCalled();
    const second = window.show() as unknown as BrowserWindowMock;
    expect(second).not.toBe(first);
    expect(window.contents()).toBe(second.webContents);
  });
});
