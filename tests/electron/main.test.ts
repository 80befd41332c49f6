// electron/main.ts runs on import: it reads the launch options, claims the single-instance
// lock, wires the app events, and starts the shell once Electron is ready. A start that fails
// is one native error box and exit code 1. Each test imports it afresh (vi.resetModules).
import { createServer, type Server } from 'node:net';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type * as ElectronMock from './electron-mock.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-electron-main-');
let argv: string[];
let signalListeners: NodeJS.SignalsListener[];
let blocker: Server | undefined;
/** The electron mock, as main.ts gets it (through `electron`). */
let app: typeof ElectronMock.app;
let dialog: typeof ElectronMock.dialog;

beforeEach(async () => {
  vi.resetModules();
  ({ app, dialog } = (await import('electron')) as unknown as typeof ElectronMock);
  argv = process.argv;
  signalListeners = [...process.listeners('SIGINT'), ...process.listeners('SIGTERM')];
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(async () => {
  process.argv = argv;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) for (const l of process.listeners(signal)) if (!signalListeners.includes(l)) process.off(signal, l);
  app.removeAllListeners();
  app.singleInstance = true;
  app.quitted = false;
  app.exitCode = undefined;
  dialog.showErrorBox.mockClear();
  vi.restoreAllMocks();
  if (blocker) await new Promise<void>((resolve) => blocker!.close(() => resolve()));
  blocker = undefined;
});

const launch = (...args: string[]) => {
  process.argv = ['electron', ...args];
  return import('../../electron/main.js');
};

it('a bad launch option is one error box and exit code 1, nothing started', async () => {
  await launch('--port', 'abc');
  expect(dialog.showErrorBox).toHaveBeenCalledWith('Portcullis could not start', "--port 'abc' is not a port number");
  expect(app.exitCode).toBe(1);
  expect(app.listenerCount('before-quit')).toBe(0);
});

it('a second launch quits at once, leaving the first one to show its window', async () => {
  app.singleInstance = false;
  await launch('--data-dir', tmp.path);
  expect(app.quitted).toBe(true);
  expect(app.exitCode).toBeUndefined();
  expect(app.listenerCount('activate')).toBe(0);
  expect(dialog.showErrorBox).not.toHaveBeenCalled();
});

it('a port in use: the error box says so and asks whether Portcullis already runs', async () => {
  blocker = createServer();
  await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  await launch('--data-dir', tmp.path, '--port', String(port), '--hidden');
  // The events are wired before the shell starts.
  for (const event of ['activate', 'window-all-closed', 'before-quit', 'second-instance']) expect(app.listenerCount(event), event).toBeGreaterThan(0);
  await vi.waitFor(() => expect(dialog.showErrorBox).toHaveBeenCalled(), { timeout: 10_000 });
  const [title, message] = dialog.showErrorBox.mock.calls[0]!;
  expect(title).toBe('Portcullis could not start');
  expect(message).toMatch(/EADDRINUSE/);
  expect(message).toMatch(/Is `portcullis serve` \(or another Portcullis\) already running on that port\?$/);
  expect(app.exitCode).toBe(1);
});

it("`connect <server>` is a client's stdio bridge: no tray app, no single-instance lock, the bridge's exit code", async () => {
  const token = process.env.PORTCULLIS_TOKEN;
  delete process.env.PORTCULLIS_TOKEN;
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  app.singleInstance = false; // a tray app already runs: a bridge must not hand over to it and quit
  try {
    await launch('connect', 'db', '--url', 'http://127.0.0.1:9');
    await vi.waitFor(() => expect(app.exitCode).toBe(1), { timeout: 10_000 }); // no token: the CLI's error
    expect(app.quitted).toBe(false);
    for (const event of ['activate', 'window-all-closed', 'before-quit', 'second-instance']) expect(app.listenerCount(event), event).toBe(0);
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
  } finally {
    if (token !== undefined) process.env.PORTCULLIS_TOKEN = token;
  }
});
