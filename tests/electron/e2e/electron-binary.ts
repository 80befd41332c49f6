// Is there an Electron binary on this machine? Read node_modules/electron/path.txt and look
// for the file: never `require('electron')`, which tries to download one.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const NO_BINARY_MESSAGE = 'skipped: no Electron binary (node_modules/electron/dist is missing; `node node_modules/electron/install.js` fetches it)';

export function electronBinary(root = path.resolve('.')): string | undefined {
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? path.join(override, relative ?? 'electron') : relative ? path.join(root, 'node_modules', 'electron', 'dist', relative) : undefined;
  return binary && existsSync(binary) ? binary : undefined;
}

/** The binary, or undefined after saying clearly why the specs are skipped. */
export function electronBinaryOrSkip(): string | undefined {
  const binary = electronBinary();
  if (!binary) console.log(NO_BINARY_MESSAGE);
  return binary;
}
