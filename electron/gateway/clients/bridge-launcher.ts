// How a stdio-only client (Claude Desktop) starts `portcullis connect`: this installation's own
// bridge, never a package fetched by name (Portcullis is not on npm, and the entry carries a
// grant token). In a checkout or an npm install, this node and bin/portcullis.js; in the
// packaged tray app, which has neither, the app's own executable (electron/main/bridge-mode.ts).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BridgeLauncher {
  command: string;
  /** Arguments before `connect <server>`. */
  args: string[];
  /** Extra environment the launcher needs (Electron's binary runs as node with ELECTRON_RUN_AS_NODE). */
  env: Record<string, string>;
}

export interface Installation {
  /** bin/portcullis.js of this installation, when it has one. */
  bin: string | undefined;
  /** The running executable: node, or Electron's binary (the app's, once packaged). */
  execPath: string;
  /** Whether this runs inside Electron. */
  electron: boolean;
  /** $APPIMAGE: the AppImage file the Linux app runs from (its executable sits in a mount that changes each launch). */
  appImage?: string;
}

export function bridgeLauncherFor({ bin, execPath, electron, appImage }: Installation): BridgeLauncher {
  if (bin) return { command: execPath, args: [bin], env: electron ? { ELECTRON_RUN_AS_NODE: '1' } : {} };
  if (electron) return { command: appImage || execPath, args: [], env: {} };
  // A build copied without its bin: the `portcullis` on PATH (an `npm link` or a global install).
  return { command: 'portcullis', args: [], env: {} };
}

export function defaultBridgeLauncher(): BridgeLauncher {
  // This file sits at electron/gateway/clients/ in the source tree and dist/electron/gateway/clients/ once built;
  // in the tray app's bundle import.meta.url is dist/electron/main.cjs.
  const bin = ['../../../bin/portcullis.js', '../../../../bin/portcullis.js', '../../bin/portcullis.js']
    .map((relative) => new URL(relative, import.meta.url))
    .map((url) => fileURLToPath(url))
    .find((file) => existsSync(file));
  return bridgeLauncherFor({ bin, execPath: process.execPath, electron: Boolean(process.versions.electron), appImage: process.env.APPIMAGE });
}
