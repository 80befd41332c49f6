// How a stdio-only client (Claude Desktop) starts `portcullis connect`: the absolute node and
// bin of this installation when they can be found, so it works without npx and without a
// global install; `npx portcullis` otherwise.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BridgeLauncher {
  command: string;
  /** Arguments before `connect <server>`. */
  args: string[];
  /** Extra environment the launcher needs (Electron's binary runs as node with ELECTRON_RUN_AS_NODE). */
  env: Record<string, string>;
}

export const NPX_LAUNCHER: BridgeLauncher = { command: 'npx', args: ['portcullis'], env: {} };

export function defaultBridgeLauncher(): BridgeLauncher {
  // This file sits at electron/gateway/clients/ in the source tree and dist/electron/gateway/clients/ once built;
  // in the tray app's bundle import.meta.url is dist/electron/main.cjs.
  const bin = ['../../../bin/portcullis.js', '../../../../bin/portcullis.js', '../../bin/portcullis.js']
    .map((relative) => new URL(relative, import.meta.url))
    .map((url) => fileURLToPath(url))
    .find((file) => existsSync(file));
  if (!bin) return NPX_LAUNCHER;
  const env: Record<string, string> = process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
  return { command: process.execPath, args: [bin], env };
}
