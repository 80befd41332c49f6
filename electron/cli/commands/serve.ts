// portcullis serve: the gateway, headless, until SIGINT/SIGTERM.
import { Command } from 'commander';
import { resolveDataDir } from '../../gateway/store/data-dir.js';
import { ConfigStore } from '../../gateway/store/config-store.js';
import { installDemo } from '../../gateway/demo/install-demo.js';
import { parseRedisUrl } from '../../gateway/store/redis/redis-url.js';
import { withDataDir, type DataDirOption } from '../context.js';
import { CliError, warn } from '../output.js';

interface ServeOptions extends DataDirOption {
  port?: string;
  host?: string;
  demo?: boolean;
  otlp?: string;
  allowHost?: string[];
  store?: string;
}

/** Team mode's store: --store, else PORTCULLIS_STORE, else the `store` setting; none: this machine's files. */
async function chooseStore(flag: string | undefined, dataDir: string): Promise<string | undefined> {
  let chosen = flag ?? process.env.PORTCULLIS_STORE;
  if (chosen === undefined) {
    const config = await ConfigStore.open(dataDir);
    chosen = config.settings.store;
    config.close();
  }
  if (!chosen) return undefined;
  try {
    return parseRedisUrl(chosen).url;
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

export function serveCommand(): Command {
  return withDataDir(
    new Command('serve')
      .description('run the gateway (and the web UI) until interrupted')
      .option('--port <port>', 'port to listen on (default 7337, or the saved setting)')
      .option('--host <host>', 'address to bind (default 127.0.0.1: this machine only)')
      .option('--demo', 'register the built-in demo server (demo-odoo: the real Odoo tool catalog, canned answers) and its policy first')
      .option('--allow-host <host:port>', 'also answer to this Host (the name a load balancer in front is reached by; repeatable; also PORTCULLIS_ALLOW_HOSTS, comma-separated)', (value: string, previous: string[] = []) => [...previous, value])
      .option('--otlp <url>', 'send calls as OpenTelemetry spans to this OTLP/HTTP collector (e.g. http://127.0.0.1:4318; also PORTCULLIS_OTLP_ENDPOINT; default: the otlpEndpoint setting, off)')
      .option('--store <url>', 'team mode: share counters, approvals, catalog reviews and the live call feed with other replicas on redis://host:port[/db] (also PORTCULLIS_STORE or the store setting)'),
  ).action(async (options: ServeOptions) => {
    const port = options.port === undefined ? undefined : Number(options.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new CliError(`--port '${options.port}' is not a port number`);
    if (options.host && !['127.0.0.1', 'localhost', '::1'].includes(options.host)) {
      warn(`binding to ${options.host}: other machines may reach the gateway (grant tokens still required)`);
    }
    const dataDir = resolveDataDir(options.dataDir);
    if (options.demo) {
      const store = await ConfigStore.open(dataDir);
      const { serverId } = await installDemo(store, dataDir);
      store.close();
      warn(`demo: '${serverId}' is registered with a policy that uses every rule kind; connect a client to it, or open the UI`);
    }
    const otlpEndpoint = options.otlp ?? process.env.PORTCULLIS_OTLP_ENDPOINT;
    if (otlpEndpoint) {
      try {
        new URL(otlpEndpoint);
      } catch {
        throw new CliError(`--otlp '${otlpEndpoint}' is not a URL (expected e.g. http://127.0.0.1:4318)`);
      }
    }
    const allowHosts = allowedHostsOption(options.allowHost ?? process.env.PORTCULLIS_ALLOW_HOSTS?.split(',') ?? []);
    const store = await chooseStore(options.store, dataDir);
    // Loaded here, not at the top: every other command starts faster without the whole gateway.
    const { startHeadless } = await import('../../gateway/host/start-headless.js');
    const headless = await startHeadless({ dataDir, port, host: options.host, otlpEndpoint, allowHosts, ...(store ? { store } : {}), log: (m) => warn(m) });
    const { app } = headless;
    const out = process.stdout;
    out.write(`Portcullis gateway listening on ${app.gateway.url}\n`);
    out.write(`UI: ${headless.loginUrl}\n`);
    out.write(`Data directory: ${app.dataDir}\n`);
    const shared = app.store;
    if (shared) out.write(`Shared store: ${shared.url} (${shared.state}), replica ${shared.replica}\n`);
    const servers = app.gateway.config.data.servers;
    if (servers.length === 0) out.write('No servers yet: add one with `portcullis server add <id> -- <command> [args...]`\n');
    for (const server of servers) out.write(`  ${server.id}: ${app.gateway.endpoint(server.id)}\n`);
    if (options.demo) {
      // The endpoint alone is not enough to try it: a client also needs a grant's token.
      out.write(`To call the demo, a client needs a token (sent as Authorization: Bearer <token>):\n`);
      out.write(`  in the UI (the link above): Clients → Connect a client, or New client for a token to paste\n`);
      out.write(`  or here: portcullis grant create "My client"${app.dataDir ? ` --data-dir "${app.dataDir}"` : ''}   (prints the token once)\n`);
    }

    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        process.stderr.write(`\n${signal}: shutting down (flushing counters and logs, stopping upstreams)…\n`);
        resolve();
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    await headless.close();
  });
}

/** `host` or `host:port`, as a client would send it in Host; nothing else (no scheme, no path). */
function allowedHostsOption(values: string[]): string[] {
  const hosts = values.map((value) => value.trim()).filter(Boolean);
  for (const host of hosts) {
    let url: URL | undefined;
    try {
      url = new URL(`http://${host}`);
    } catch {
      // reported below
    }
    if (!url || url.host !== host.toLowerCase() || url.pathname !== '/' || url.username || url.search) {
      throw new CliError(`--allow-host '${host}' is not a host or host:port (e.g. gateway.team.internal:7337)`);
    }
  }
  return hosts;
}
