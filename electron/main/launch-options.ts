// What the command line and environment ask of this run: the data directory, the port,
// and whether to start hidden in the tray (the login item passes --hidden).
import { parseArgs } from 'node:util';

export const HIDDEN_FLAG = '--hidden';

/** The tray app's own command-line options (bridge-mode.ts reads past them too). */
export const LAUNCH_OPTIONS = { 'data-dir': { type: 'string' }, port: { type: 'string' }, hidden: { type: 'boolean' } } as const;

export interface LaunchOptions {
  /** --data-dir or PORTCULLIS_DATA_DIR; otherwise the app's userData folder. */
  dataDir?: string;
  /** --port; otherwise the saved setting (7337). 0 picks a free port. */
  port?: number;
  hidden: boolean;
}

export class LaunchOptionsError extends Error {}

export function readLaunchOptions(argv: readonly string[], env: NodeJS.ProcessEnv): LaunchOptions {
  // strict: false — Electron and Chromium add their own switches (and macOS a -psn_ one).
  const { values } = parseArgs({
    args: argv.slice(1),
    strict: false,
    allowPositionals: true,
    options: LAUNCH_OPTIONS,
  });
  const dataDir = stringValue(values['data-dir']) ?? (env.PORTCULLIS_DATA_DIR || undefined);
  const portText = stringValue(values.port);
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new LaunchOptionsError(`--port '${portText}' is not a port number`);
  return { ...(dataDir ? { dataDir } : {}), ...(port !== undefined ? { port } : {}), hidden: values.hidden === true };
}

function stringValue(value: string | boolean | (string | boolean)[] | undefined): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
