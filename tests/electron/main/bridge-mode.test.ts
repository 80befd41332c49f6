// `Portcullis connect <server>`: the packaged app's executable as a client's stdio bridge. It
// runs the CLI's connect and exits with its code; the tray app's own start is covered in
// tests/electron/main.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bridgeArguments, runAsBridge } from '../../../electron/main/bridge-mode.js';

describe('bridgeArguments', () => {
  it.each([
    [['/Applications/Portcullis.app/Contents/MacOS/Portcullis', 'connect', 'db', '--url', 'http://127.0.0.1:7337'], false, ['db', '--url', 'http://127.0.0.1:7337']],
    [['/opt/electron/electron', '/work/portcullis', 'connect', 'db'], true, ['db']],
    [['Portcullis.exe', 'connect'], false, []],
    [['/tmp/.mount_Portcu/portcullis-desktop', '--no-sandbox', 'connect', 'db'], false, ['db']], // an AppImage's switch first
  ])('%j (default app: %s) is a bridge for %j', (argv, defaultApp, args) => {
    expect(bridgeArguments(argv, defaultApp)).toEqual(args);
  });

  it.each([
    [['Portcullis'], false],
    [['Portcullis', '--hidden'], false],
    [['Portcullis', '--data-dir', 'connect'], false], // a folder named connect is not the command
    [['Portcullis', '--port', '0', 'db', 'connect'], false],
    [['/opt/electron/electron', 'connect'], true], // `electron connect`: that is the app path, not a command
  ])('%j (default app: %s) starts the tray app', (argv, defaultApp) => {
    expect(bridgeArguments(argv, defaultApp)).toBeUndefined();
  });
});

describe('runAsBridge', () => {
  const token = process.env.PORTCULLIS_TOKEN;
  afterEach(() => {
    if (token === undefined) delete process.env.PORTCULLIS_TOKEN;
    else process.env.PORTCULLIS_TOKEN = token;
    vi.restoreAllMocks();
  });

  it("hides the dock icon, runs the CLI's connect and exits with its code", async () => {
    delete process.env.PORTCULLIS_TOKEN;
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
    const app = { exit: vi.fn(), dock: { hide: vi.fn() } };
    await runAsBridge(app, ['db', '--url', 'http://127.0.0.1:9']);
    expect(app.dock.hide).toHaveBeenCalledOnce();
    expect(app.exit).toHaveBeenCalledWith(1); // the CLI's error code: no token
    expect(stderr.join('')).toMatch(/portcullis: no grant token: pass --token or set PORTCULLIS_TOKEN/);
  });
});
