import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appFiles, prepareAppPaths } from '../../../electron/main/app-paths.js';
import { app } from '../electron-mock.js';

describe('app paths', () => {
  it("defaults the data directory to <appData>/Portcullis (the CLI's default) with Chromium's files in a subfolder", () => {
    const dir = prepareAppPaths(app);
    expect(dir).toBe(path.join(app.getPath('appData'), 'Portcullis'));
    expect(app.getPath('userData')).toBe(dir);
    expect(app.getPath('sessionData')).toBe(path.join(dir, 'electron-session'));
    expect(app.getName()).toBe('Portcullis');
  });

  it('an explicit data directory becomes userData, so the single-instance lock follows it', () => {
    expect(prepareAppPaths(app, 'relative/dir')).toBe(path.resolve('relative/dir'));
    expect(app.getPath('userData')).toBe(path.resolve('relative/dir'));
  });

  it('finds the bundled files from the app root', () => {
    const files = appFiles('/opt/portcullis/resources/app.asar');
    expect(files.indexHtml).toBe('/opt/portcullis/resources/app.asar/renderer/dist/index.html');
    expect(files.indexUrl).toBe('file:///opt/portcullis/resources/app.asar/renderer/dist/index.html');
    expect(files.preload).toBe('/opt/portcullis/resources/app.asar/dist/electron/preload.cjs');
    expect(files.trayIconDir).toBe('/opt/portcullis/resources/app.asar/build/tray');
  });

  it('packaged: tray images and the window icon come from the resources folder', () => {
    const files = appFiles('/opt/portcullis/resources/app.asar', '/opt/portcullis/resources');
    expect(files.trayIconDir).toBe('/opt/portcullis/resources/tray');
    expect(files.windowIcon).toBe('/opt/portcullis/resources/icon.png');
  });
});
