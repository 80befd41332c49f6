// Quitting with the window open: MainWindow.closeForQuit closes it as a person would (an
// unsaved draft asks Leave or Stay) and says whether the quit may go on; close() after the
// decision never asks.
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MainWindow } from '../../../../electron/main/window/main-window.js';
import { LEAVE, STAY } from '../../../../electron/main/window/leave-prompt.js';
import { stopBeforeQuit } from '../../../../electron/main/app-events/before-quit.js';
import { app, BrowserWindowMock, dialog } from '../../electron-mock.js';

const indexHtml = path.resolve('renderer/dist/index.html');
const log = vi.fn();
const mainWindow = () => new MainWindow({ indexHtml, preload: '/app/preload.cjs', devTools: false, log });
const opened = (window: MainWindow) => window.show() as unknown as BrowserWindowMock;

afterEach(() => {
  for (const w of BrowserWindowMock.getAllWindows()) w.destroy();
  BrowserWindowMock.instances.length = 0;
  app.removeAllListeners('before-quit');
  app.quitted = false;
  vi.clearAllMocks();
  vi.useRealTimers();
});

describe('MainWindow.closeForQuit', () => {
  it('resolves true at once when no window is open', async () => {
    await expect(mainWindow().closeForQuit()).resolves.toBe(true);
  });

  it('closes a window with nothing unsaved without asking', async () => {
    const window = mainWindow();
    const created = opened(window);
    await expect(window.closeForQuit()).resolves.toBe(true);
    expect(created.isDestroyed()).toBe(true);
    expect(dialog.showMessageBoxSync).not.toHaveBeenCalled();
  });

  it('an unsaved draft asks; Stay keeps the window and answers false', async () => {
    const window = mainWindow();
    const created = opened(window);
    created.webContents.refusesUnload = true;
    dialog.showMessageBoxSync.mockReturnValueOnce(STAY);
    await expect(window.closeForQuit()).resolves.toBe(false);
    expect(created.isDestroyed()).toBe(false);
    expect(window.current()).toBe(created);
  });

  it('an unsaved draft asks; Leave closes the window and answers true', async () => {
    const window = mainWindow();
    const created = opened(window);
    created.webContents.refusesUnload = true;
    dialog.showMessageBoxSync.mockReturnValueOnce(LEAVE);
    await expect(window.closeForQuit()).resolves.toBe(true);
    expect(created.isDestroyed()).toBe(true);
  });

  it('a page that never lets go is closed without asking once the wait runs out', async () => {
    vi.useFakeTimers();
    const window = mainWindow();
    const created = opened(window);
    created.close = () => undefined; // a hung page: the close never completes
    const closing = window.closeForQuit(1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(closing).resolves.toBe(true);
    expect(created.isDestroyed()).toBe(true);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('did not close within 1 s'));
  });

  it('close() after the decision destroys the window without asking', () => {
    const window = mainWindow();
    const created = opened(window);
    created.webContents.refusesUnload = true;
    window.close();
    expect(created.isDestroyed()).toBe(true);
    expect(dialog.showMessageBoxSync).not.toHaveBeenCalled();
  });
});

describe('Quit with an unsaved draft (stopBeforeQuit asking the window first)', () => {
  it('Stay: the gateway is not stopped and the app keeps running; a later Quit asks again', async () => {
    const window = mainWindow();
    const created = opened(window);
    created.webContents.refusesUnload = true;
    const stop = vi.fn(async () => undefined);
    stopBeforeQuit(app as never, stop, () => undefined, undefined, () => window.closeForQuit());
    dialog.showMessageBoxSync.mockReturnValueOnce(STAY);
    app.quit();
    await vi.waitFor(() => expect(dialog.showMessageBoxSync).toHaveBeenCalledOnce());
    await new Promise((resolve) => setImmediate(resolve));
    expect(stop).not.toHaveBeenCalled();
    expect(app.quitted).toBe(false);
    expect(created.isDestroyed()).toBe(false);

    dialog.showMessageBoxSync.mockReturnValueOnce(LEAVE);
    app.quit();
    await vi.waitFor(() => expect(app.quitted).toBe(true));
    expect(dialog.showMessageBoxSync).toHaveBeenCalledTimes(2);
    expect(stop).toHaveBeenCalledOnce();
    expect(created.isDestroyed()).toBe(true);
  });
});
