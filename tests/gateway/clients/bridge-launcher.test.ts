// How a stdio-only client starts `portcullis connect`: this installation's own bridge, never a
// package fetched by name. A checkout's node and bin (run as node under Electron); the packaged
// tray app's own executable, which has no bin and runs no script as node.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bridgeLauncherFor, defaultBridgeLauncher } from '../../../electron/gateway/clients/bridge-launcher.js';

describe('defaultBridgeLauncher', () => {
  it("runs this checkout's bin/portcullis.js with this node, with no extra environment outside Electron", () => {
    const launcher = defaultBridgeLauncher();
    expect(launcher.command).toBe(process.execPath);
    expect(launcher.args).toEqual([path.resolve('bin/portcullis.js')]);
    expect(existsSync(launcher.args[0]!)).toBe(true);
    expect(launcher.env).toEqual({});
  });
});

describe('bridgeLauncherFor', () => {
  const bin = '/opt/portcullis/bin/portcullis.js';

  it('an unpackaged Electron runs the bin as node', () => {
    expect(bridgeLauncherFor({ bin, execPath: '/opt/electron/electron', electron: true })).toEqual({
      command: '/opt/electron/electron',
      args: [bin],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  });

  it('the packaged tray app, with no bin, is the bridge itself: its executable, no npx, no run-as-node', () => {
    const app = '/Applications/Portcullis.app/Contents/MacOS/Portcullis';
    expect(bridgeLauncherFor({ bin: undefined, execPath: app, electron: true })).toEqual({ command: app, args: [], env: {} });
  });

  it('the Linux AppImage: the AppImage file, not its executable inside a mount that changes each launch', () => {
    const installation = { bin: undefined, execPath: '/tmp/.mount_PortcuXyZ/portcullis-desktop', electron: true, appImage: '/home/a/Apps/Portcullis.AppImage' };
    expect(bridgeLauncherFor(installation).command).toBe('/home/a/Apps/Portcullis.AppImage');
  });

  it('plain node with no bin beside it takes the portcullis on PATH, not a package fetched by npx', () => {
    const launcher = bridgeLauncherFor({ bin: undefined, execPath: '/usr/bin/node', electron: false });
    expect(launcher).toEqual({ command: 'portcullis', args: [], env: {} });
    expect(launcher.command).not.toBe('npx');
  });
});
