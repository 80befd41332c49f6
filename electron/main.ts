// The Electron main process: wiring only. Everything it starts lives in electron/main/.
import { app, dialog, shell as electronShell } from 'electron';
import { prepareAppPaths } from './main/app-paths.js';
import { showWindowOnActivate } from './main/app-events/activate.js';
import { bridgeArguments, runAsBridge } from './main/bridge-mode.js';
import { stopBeforeQuit } from './main/app-events/before-quit.js';
import { claimSingleInstance } from './main/app-events/single-instance.js';
import { stayInTrayWhenWindowsClose } from './main/app-events/window-all-closed.js';
import { readLaunchOptions } from './main/launch-options.js';
import { hardenAllWebContents } from './main/security/harden-web-contents.js';
import { startShell, type Shell } from './main/shell.js';

const log = (message: string) => console.error(`[portcullis] ${message}`);
let running: Shell | undefined;

function main(): void {
  // `Portcullis connect <server>`: a client's stdio bridge, not the tray app (see bridge-mode.ts).
  const bridge = bridgeArguments(process.argv, process.defaultApp === true);
  if (bridge) {
    void runAsBridge(app, bridge);
    return;
  }
  const options = readLaunchOptions(process.argv, process.env);
  const dataDir = prepareAppPaths(app, options.dataDir);
  if (!claimSingleInstance(app, () => running?.window.show())) {
    app.quit();
    return;
  }
  hardenAllWebContents(app, electronShell);
  stayInTrayWhenWindowsClose(app);
  showWindowOnActivate(app, () => running?.window.show());
  // A person's Quit asks first about unsaved policy changes; a signal does not wait for anyone.
  let askBeforeQuit = true;
  const closeWindowFirst = async () => !askBeforeQuit || !running || running.window.closeForQuit();
  stopBeforeQuit(app, async () => running?.stop(), log, undefined, closeWindowFirst);
  const quitNow = () => {
    askBeforeQuit = false;
    app.quit();
  };
  process.once('SIGINT', quitNow);
  process.once('SIGTERM', quitNow);
  app
    .whenReady()
    .then(() => startShell({ ...options, dataDir }, log))
    .then((shell) => (running = shell))
    .catch(failedToStart);
}

function failedToStart(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const hint = /EADDRINUSE/.test(message) ? '\n\nIs `portcullis serve` (or another Portcullis) already running on that port?' : '';
  log(`could not start: ${message}`);
  dialog.showErrorBox('Portcullis could not start', message + hint);
  app.exit(1);
}

try {
  main();
} catch (error) {
  failedToStart(error);
}
