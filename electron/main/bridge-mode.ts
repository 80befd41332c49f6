// The packaged tray app as the stdio bridge: `Portcullis connect <server-id> [--url …]`.
// A client that can only spawn a command (Claude Desktop) needs one to reach the gateway. The
// packaged app ships no node and no bin/portcullis.js, and its runAsNode fuse is off, so its own
// executable is that command: launched with `connect` first, it runs the CLI's `connect` (stdin
// and stdout ⇄ the gateway's /mcp/<server-id>) with no window, no tray and no single-instance
// lock, and exits with the bridge's code once its client goes away.
import { parseArgs } from 'node:util';
import type { App } from 'electron';
import { main as runCli } from '../cli/main.js';
import { LAUNCH_OPTIONS } from './launch-options.js';

/**
 * The arguments after `connect` when this launch is a bridge, else undefined: `connect` must be
 * the first word that is neither a switch nor an option's value. Packaged, argv is
 * [executable, ...args]; started as `electron <app path>` (process.defaultApp) the app path is
 * the first such word. Switches before it (an AppImage's --no-sandbox) are Chromium's, not the
 * bridge's.
 */
export function bridgeArguments(argv: readonly string[], defaultApp: boolean): string[] | undefined {
  const args = argv.slice(1);
  const { tokens } = parseArgs({ args, strict: false, allowPositionals: true, tokens: true, options: LAUNCH_OPTIONS }); // an option's value is never the command
  const command = tokens.filter((token) => token.kind === 'positional')[defaultApp ? 1 : 0];
  return command?.value === 'connect' ? args.slice(command.index + 1) : undefined;
}

type BridgeApp = Pick<App, 'exit'> & { dock?: Pick<NonNullable<App['dock']>, 'hide'> };

export async function runAsBridge(app: BridgeApp, args: readonly string[]): Promise<void> {
  app.dock?.hide(); // macOS: a bridge is no app to switch to
  const code = await runCli(['portcullis', 'portcullis', 'connect', ...args]);
  app.exit(code);
}
