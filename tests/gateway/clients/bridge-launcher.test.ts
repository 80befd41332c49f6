// How a stdio-only client starts `portcullis connect`: this installation's node and bin when
// found (no npx, no global install needed), run as node under Electron.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultBridgeLauncher } from '../../../electron/gateway/clients/bridge-launcher.js';

describe('defaultBridgeLauncher', () => {
  it('runs this checkout\'s bin/portcullis.js with this node, with no extra environment outside Electron', () => {
    const launcher = defaultBridgeLauncher();
    expect(launcher.command).toBe(process.execPath);
    expect(launcher.args).toEqual([path.resolve('bin/portcullis.js')]);
    expect(existsSync(launcher.args[0]!)).toBe(true);
    expect(launcher.env).toEqual({});
  });

});
