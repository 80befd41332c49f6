import { describe, expect, it } from 'vitest';
import { LaunchOptionsError, readLaunchOptions } from '../../../electron/main/launch-options.js';

describe('launch options', () => {
  it('reads --data-dir, --port and --hidden among Electron and Chromium switches', () => {
    expect(readLaunchOptions(['/usr/bin/electron', '.', '--no-sandbox', '--data-dir', '/tmp/pc', '--port=0', '--hidden'], {})).toEqual({ dataDir: '/tmp/pc', port: 0, hidden: true });
    expect(readLaunchOptions(['Portcullis.exe'], {})).toEqual({ hidden: false });
  });

  it('takes PORTCULLIS_DATA_DIR when --data-dir is absent; --data-dir wins', () => {
    expect(readLaunchOptions(['p'], { PORTCULLIS_DATA_DIR: '/env/dir' }).dataDir).toBe('/env/dir');
    expect(readLaunchOptions(['p', '--data-dir=/flag/dir'], { PORTCULLIS_DATA_DIR: '/env/dir' }).dataDir).toBe('/flag/dir');
  });

  it('refuses a port that is not one', () => {
    expect(() => readLaunchOptions(['p', '--port', '99999'], {})).toThrow(LaunchOptionsError);
    expect(() => readLaunchOptions(['p', '--port', 'web'], {})).toThrow("--port 'web' is not a port number");
  });
});
