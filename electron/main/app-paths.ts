// Where things are: the data directory (set before `ready`, so the single-instance lock
// and Chromium's own files follow it) and the app's bundled files, found from the app
// root (`app.getAppPath()`: the folder holding package.json, or app.asar when packaged).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { App } from 'electron';

export const APP_NAME = 'Portcullis';
export const APP_ID = 'dev.portcullis.app';

/**
 * Names the app and points userData at the data directory. The default is
 * `<appData>/Portcullis`, the folder the `portcullis` CLI uses too. Chromium's session
 * files go to a subfolder so they never mix with config.json, policies/ and logs/.
 */
export function prepareAppPaths(app: Pick<App, 'setName' | 'getPath' | 'setPath'>, dataDir?: string): string {
  app.setName(APP_NAME);
  const dir = path.resolve(dataDir ?? path.join(app.getPath('appData'), APP_NAME));
  app.setPath('userData', dir);
  app.setPath('sessionData', path.join(dir, 'electron-session'));
  return dir;
}

export interface AppFiles {
  root: string;
  /** The renderer's entry page (renderer/dist/index.html). */
  indexHtml: string;
  /** The same page as a file:// URL, without hash: the only page trusted on IPC. */
  indexUrl: string;
  preload: string;
  trayIconDir: string;
  windowIcon: string;
}

/**
 * `resourcesPath` is set when packaged: electron-builder copies the tray images and the
 * window icon there (extraResources), since it keeps build/ itself out of app.asar.
 */
export function appFiles(root: string, resourcesPath?: string): AppFiles {
  const indexHtml = path.join(root, 'renderer', 'dist', 'index.html');
  return {
    root,
    indexHtml,
    indexUrl: pathToFileURL(indexHtml).href,
    preload: path.join(root, 'dist', 'electron', 'preload.cjs'),
    trayIconDir: resourcesPath ? path.join(resourcesPath, 'tray') : path.join(root, 'build', 'tray'),
    windowIcon: resourcesPath ? path.join(resourcesPath, 'icon.png') : path.join(root, 'build', 'icons', 'png', '512x512.png'),
  };
}
