// The tray app assembled around a real core (temp data dir, free port, mocked electron): what
// startShell wires, what a hidden launch skips, that the login item follows the setting, and
// that stop() takes every part down.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { startShell, type Shell } from '../../../electron/main/shell.js';
import { API_METHOD_NAMES } from '../../../shared/api-names.js';
import { app, BrowserWindowMock, ipcMain, TrayMock } from '../electron-mock.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-shell-');
let shell: Shell | undefined;
const logged: string[] = [];
const log = (message: string) => void logged.push(message);

beforeEach(() => {
  logged.length = 0;
  // A change of startAtLogin writes an XDG autostart entry on Linux: keep it in the temp dir.
  vi.stubEnv('XDG_CONFIG_HOME', path.join(tmp.path, 'xdg'));
  vi.stubEnv('PORTCULLIS_E2E', '');
});
afterEach(async () => {
  await shell?.stop();
  shell = undefined;
  for (const window of BrowserWindowMock.getAllWindows()) window.destroy();
  app.removeAllListeners();
  app.dock.hide.mockClear();
  vi.unstubAllEnvs();
});

it('starts the core, binds every Api method over IPC, shows the window and a tray', async () => {
  const traysBefore = TrayMock.instances.length;
  shell = await startShell({ dataDir: path.join(tmp.path, 'data'), port: 0, hidden: false }, log);
  expect([...ipcMain.handlers.keys()].sort()).toEqual(API_METHOD_NAMES.map((m) => `api:${m}`).sort());
  expect(BrowserWindowMock.getAllWindows()).toHaveLength(1);
  await vi.waitFor(() => expect(shell?.window.current()?.isVisible()).toBe(true)); // shown on ready-to-show
  expect(TrayMock.instances).toHaveLength(traysBefore + 1);
  expect(logged.at(-1)).toMatch(new RegExp(`^gateway listening on http://127\\.0\\.0\\.1:\\d+ \\(data directory ${path.join(tmp.path, 'data')}\\)$`));
  expect(globalThis.portcullisE2e).toBeUndefined();
});

it('a hidden launch shows no window and hides the Dock icon', async () => {
  shell = await startShell({ dataDir: path.join(tmp.path, 'data'), port: 0, hidden: true }, log);
  expect(BrowserWindowMock.getAllWindows()).toHaveLength(0);
  expect(app.dock.hide).toHaveBeenCalled();
});

it('the login item follows the startAtLogin setting while it runs', async () => {
  shell = await startShell({ dataDir: path.join(tmp.path, 'data'), port: 0, hidden: true }, log);
  await shell.core.api.updateSettings({ startAtLogin: true });
  const entry = path.join(tmp.path, 'xdg', 'autostart', 'portcullis.desktop');
  await vi.waitFor(() => expect(process.platform !== 'linux' || existsSync(entry)).toBe(true));
  if (process.platform !== 'linux') await vi.waitFor(() => expect(app.loginItem.openAtLogin).toBe(true));
});

it('stop() removes the IPC handlers, the tray and the window, and closes the gateway', async () => {
  const running = await startShell({ dataDir: path.join(tmp.path, 'data'), port: 0, hidden: false }, log);
  const url = running.core.app.gateway.url;
  const tray = TrayMock.instances.at(-1)!;
  await running.stop();
  expect(ipcMain.handlers.size).toBe(0);
  expect(tray.isDestroyed()).toBe(true);
  expect(BrowserWindowMock.getAllWindows()).toHaveLength(0);
  await expect(fetch(url)).rejects.toThrow();
});
