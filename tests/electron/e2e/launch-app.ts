// Launch fixture for the Playwright `_electron` specs: the tray app built from this checkout,
// on a temp data dir and a free port, with the e2e hooks on (tray menu and notifications
// cannot be clicked from outside the process; specs reach them with app.evaluate and
// `globalThis.portcullisE2e`).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ElectronApplication, Page } from 'playwright-core';

export interface LaunchedApp {
  app: ElectronApplication;
  window: Page;
  dataDir: string;
  close(): Promise<void>;
}

let built = false;

export async function launchApp(executablePath: string): Promise<LaunchedApp> {
  const root = path.resolve('.');
  if (!existsSync(path.join(root, 'renderer', 'dist', 'index.html'))) throw new Error('renderer/dist/index.html is missing: build the renderer before the Electron e2e specs');
  if (!built) {
    await promisify(execFile)(process.execPath, ['scripts/build-electron.mjs'], { cwd: root });
    built = true;
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-e2e-'));
  const { _electron } = await import('playwright-core');
  const app = await _electron.launch({
    executablePath,
    args: [root, '--data-dir', dataDir, '--port', '0'],
    env: { ...process.env, PORTCULLIS_E2E: '1', PORTCULLIS_DATA_DIR: dataDir },
    timeout: 60_000,
  });
  const window = await app.firstWindow();
  await window.waitForLoadState('domcontentloaded');
  return {
    app,
    window,
    dataDir,
    async close() {
      await app.close().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
