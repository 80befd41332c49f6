import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoginItemSync, applyStartAtLogin, loginCommand, startedAtLogin, type LoginItemContext } from '../../../../electron/main/login-item/login-item.js';
import { app } from '../../electron-mock.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

describe('start at login', () => {
  let configHome: string;
  const ctx = (platform: NodeJS.Platform, extra: Partial<LoginItemContext> = {}): LoginItemContext => ({
    app: app as never,
    platform,
    execPath: '/opt/Portcullis/portcullis',
    env: { XDG_CONFIG_HOME: configHome },
    ...extra,
  });
  const autostartFile = () => path.join(configHome, 'autostart', 'portcullis.desktop');

  beforeEach(async () => {
    configHome = makeTempDir('portcullis-xdg-');
    app.isPackaged = true;
    app.loginItem = { openAtLogin: false, wasOpenedAtLogin: false, args: [], path: '' };
  });
  afterEach(async () => {
    app.isPackaged = false;
    await rm(configHome, { recursive: true, force: true });
  });

  it('Linux: writes an XDG autostart entry that starts hidden, and removes it again', async () => {
    await applyStartAtLogin(true, ctx('linux'));
    const text = await readFile(autostartFile(), 'utf8');
    expect(text).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
    expect(text).toContain('\nExec=/opt/Portcullis/portcullis --hidden\n');
    expect(text).toContain('\nX-GNOME-Autostart-enabled=true\n');
    expect((await stat(autostartFile())).mode & 0o777).toBe(0o644);
    await applyStartAtLogin(false, ctx('linux'));
    await expect(stat(autostartFile())).rejects.toThrow(/ENOENT/);
  });

  it('Linux AppImage: runs the AppImage itself, not its temporary mount', async () => {
    await applyStartAtLogin(true, ctx('linux', { env: { XDG_CONFIG_HOME: configHome, APPIMAGE: '/home/me/Apps/Portcullis 0.1.0.AppImage' } }));
    expect(await readFile(autostartFile(), 'utf8')).toContain('\nExec="/home/me/Apps/Portcullis 0.1.0.AppImage" --hidden\n');
  });

  it('development: electron with the app folder', () => {
    app.isPackaged = false;
    expect(loginCommand(ctx('linux'))).toEqual(['/opt/Portcullis/portcullis', app.getAppPath(), '--hidden']);
  });

  it('Windows: the login item API, with --hidden', async () => {
    await applyStartAtLogin(true, ctx('win32', { execPath: 'C:\\Program Files\\Portcullis\\Portcullis.exe' }));
    expect(app.loginItem).toMatchObject({ openAtLogin: true, path: 'C:\\Program Files\\Portcullis\\Portcullis.exe', args: ['--hidden'] });
    await applyStartAtLogin(false, ctx('win32'));
    expect(app.loginItem.openAtLogin).toBe(false);
  });

  it('macOS: the login item API; a login launch is recognised by wasOpenedAtLogin', async () => {
    await applyStartAtLogin(true, ctx('darwin'));
    expect(app.getLoginItemSettings().openAtLogin).toBe(true);
    expect(startedAtLogin(['/Applications/Portcullis.app/Contents/MacOS/Portcullis'], ctx('darwin'))).toBe(false);
    app.loginItem.wasOpenedAtLogin = true;
    expect(startedAtLogin(['/Applications/Portcullis.app/Contents/MacOS/Portcullis'], ctx('darwin'))).toBe(true);
  });

  it('--hidden means started at login on every platform', () => {
    expect(startedAtLogin(['portcullis', '--hidden'], ctx('linux'))).toBe(true);
    expect(startedAtLogin(['portcullis'], ctx('linux'))).toBe(false);
  });

  it('LoginItemSync applies only changes, and logs a failure instead of throwing', async () => {
    const logs: string[] = [];
    const sync = new LoginItemSync(ctx('linux'), (m) => logs.push(m));
    await sync.apply(true);
    await rm(autostartFile());
    await sync.apply(true); // unchanged: not rewritten
    await expect(stat(autostartFile())).rejects.toThrow(/ENOENT/);
    const notADirectory = path.join(configHome, 'a-file');
    await writeFile(notADirectory, '');
    const broken = new LoginItemSync(ctx('linux', { env: { XDG_CONFIG_HOME: notADirectory } }), (m) => logs.push(m));
    await sync.apply(false);
    await broken.apply(true);
    const assumed = new LoginItemSync(ctx('linux'), (m) => logs.push(m));
    assumed.assume(false);
    await writeFile(autostartFile(), 'installed entry');
    await assumed.apply(false); // matches what was assumed: the file is left alone
    expect(await readFile(autostartFile(), 'utf8')).toBe('installed entry');
    expect(logs.at(-1)).toMatch(/^could not enable start at login: /);
  });
});
