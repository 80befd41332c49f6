// The packaged tray app as the stdio bridge: `Portcullis connect <server-id> [--url …]`.
// A client that can only spawn a command (Claude Desktop) needs one to reach the gateway. The
// packaged app ships no node and no bin/portcullis.js, and its runAsNode fuse is off, so its own
// executable is that command: launched with `connect` first, it runs the CLI's `connect` (stdin
// and stdout ⇄ the gateway's /mcp/<server-id>) with no window, no tray and no single-instance
// lock, and exits with the bridge's code once its client goes away.
import type { App } from 'electron';
import { main as runCli } from '../cli/main.js';

/**
 * The arguments after `connect` when this launch is a bridge, else undefined. Packaged, argv is
 * [executable, ...args]; started as `electron <app path>` (process.defaultApp) the app path
 * comes first.
 */
export function bridgeArguments(argv: readonly string[], defaultApp: boolean): string[] | undefined {
  const args = argv.slice(defaultApp ? 2 : 1);
  return args[0] === 'connect' ? args.slice(1) : undefined;
}

type BridgeApp = Pick<App, 'exit'> & { dock?: Pick<NonNullable<App['dock']>, 'hide'> };

export async function runAsBridge(app: BridgeApp, args: readonly string[]): Promise<void> {
  app.dock?.hide(); // macOS: a bridge is no app to switch to
  const code = await runCli(['portcullis', 'portcullis', 'connect', ...args]);
  app.exit(code);
}
