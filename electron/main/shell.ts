// The tray app, assembled once Electron is ready: the core in-process, then the window,
// IPC, tray, notifications and login item around it. Returns what main.ts needs to stop it.
import path from 'node:path';
import { app, ipcMain, safeStorage, session, shell } from 'electron';
import { UI_CSP } from '../gateway/host/static-files.js';
import { APP_ID, appFiles } from './app-paths.js';
import { startCore, type RunningCore } from './core/start-core.js';
import { registerApiIpc } from './ipc/register-api.js';
import { forwardApiEvents } from './ipc/forward-events.js';
import { createTrustedSenderCheck } from './ipc/trusted-sender.js';
import type { LaunchOptions } from './launch-options.js';
import { LoginItemSync, startedAtLogin } from './login-item/login-item.js';
import { Notifier } from './notifications/notifier.js';
import { createSafeStorageBox } from './secrets/safe-storage-box.js';
import { hardenSession } from './security/harden-session.js';
import { installE2eHooks } from './testing/e2e-hooks.js';
import { TrayController } from './tray/tray-controller.js';
import { MainWindow } from './window/main-window.js';
import { onApiEvent } from '../../shared/api.js';

export interface Shell {
  core: RunningCore;
  window: MainWindow;
  stop(): Promise<void>;
}

export async function startShell(options: LaunchOptions & { dataDir: string }, log: (message: string) => void): Promise<Shell> {
  const platform = process.platform;
  const files = appFiles(app.getAppPath(), app.isPackaged ? process.resourcesPath : undefined);
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
  hardenSession(session.defaultSession, UI_CSP);

  const secrets = createSafeStorageBox(safeStorage, platform);
  if (secrets.warning) log(secrets.warning);
  const core = await startCore({
    dataDir: options.dataDir,
    port: options.port,
    uiDir: path.dirname(files.indexHtml),
    // Upstream env values and headers sealed in config.json; OAuth tokens in oauth/ — both with the OS keychain.
    secrets,
    log,
  });

  const window = new MainWindow({
    indexHtml: files.indexHtml,
    preload: files.preload,
    icon: platform === 'darwin' ? undefined : files.windowIcon,
    devTools: !app.isPackaged,
    dock: app.dock,
    log,
  });
  const unregisterIpc = registerApiIpc({
    ipcMain,
    api: core.api,
    isTrustedSender: createTrustedSenderCheck(() => window.contents(), files.indexUrl, platform),
    log,
  });
  const stopForwarding = forwardApiEvents(core.api, () => window.contents());

  const tray = new TrayController({
    api: core.api,
    iconDir: files.trayIconDir,
    platform,
    openWindow: (route) => window.show(route),
    openInBrowser: () => void shell.openExternal(core.loginUrl()).catch((error: unknown) => log(`open in browser: ${(error as Error).message}`)), /* eng-disable OPEN_EXTERNAL_JS_CHECK */
    quit: () => app.quit(),
    log,
  });
  await tray.start();
  const notifier = new Notifier({ api: core.api, platform, icon: files.windowIcon, openWindow: (route) => window.show(route), log });
  await notifier.start();

  const loginItem = new LoginItemSync({ app, platform, execPath: process.execPath, env: process.env }, log);
  // Packaged: make the OS match the setting (the app may have moved). Development runs
  // only apply changes made while they run, never undo an installed app's login item.
  const { startAtLogin } = await core.api.getSettings({});
  if (app.isPackaged) void loginItem.apply(startAtLogin);
  else loginItem.assume(startAtLogin);
  const stopLoginSync = core.api.subscribe(
    onApiEvent((event) => {
      if (event.event === 'settings-changed') void loginItem.apply(event.data.startAtLogin);
    }),
  );

  if (!options.hidden && !startedAtLogin(process.argv, { app, platform })) window.show();
  else app.dock?.hide();
  installE2eHooks(process.env, app.isPackaged, { notifier, tray });
  log(`gateway listening on ${core.app.gateway.url} (data directory ${core.app.dataDir})`);

  return {
    core,
    window,
    async stop() {
      stopLoginSync();
      notifier.dispose();
      tray.dispose();
      stopForwarding();
      unregisterIpc();
      window.close();
      await core.close();
    },
  };
}
