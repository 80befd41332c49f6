// portcullis server add|list|remove, through the Api (a running gateway's, or the core in
// this process): the same checks as the window, secrets masked in every answer.
import { Command } from 'commander';
import type { UpstreamConfig } from '../../../shared/config.js';
import { describeUpstream } from '../../gateway/secrets/upstream-display.js';
import { withDataDir, type DataDirOption } from '../context.js';
import { withApi } from '../open-api.js';
import { CliError, printJson, printTable, warn } from '../output.js';
import { resolveDataDir } from '../../gateway/store/data-dir.js';
import { OAuthStore } from '../../gateway/upstream/oauth/token-store.js';
import { addLoginCommands, addOAuthOptions, afterServerAdded, oauthConfigFromOptions, type OAuthAddOptions } from './server-login.js';

interface AddOptions extends DataDirOption, OAuthAddOptions {
  env: string[];
  cwd?: string;
  url?: string;
  header: string[];
  sse?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function serverCommand(): Command {
  const server = new Command('server').description('register the MCP servers Portcullis fronts');

  withDataDir(
    addOAuthOptions(server
      .command('add <id> [command...]')
      .description('add a stdio server (`-- <command> [args...]`) or an HTTP server (`--url`)')
      .option('--env <K=V>', 'environment variable for a stdio server (repeatable)', collect, [])
      .option('--cwd <dir>', 'working directory for a stdio server')
      .option('--url <url>', 'Streamable HTTP (or, with --sse, legacy SSE) server URL')
      .option('--header <"K: V">', 'HTTP header sent to the server (repeatable)', collect, [])
      .option('--sse', 'the URL is a legacy HTTP+SSE server')),
  ).action(async (id: string, command: string[], options: AddOptions) => {
    const upstream = parseUpstream(command, options);
    const { oauthClientSecret } = options;
    const inProcess = await withApi(options, async ({ api, gateway }) => {
      await api.addServer({ id, upstream, ...(oauthClientSecret ? { oauthClientSecret } : {}) });
      return gateway === undefined;
    });
    // Stored by this process's core: with the plain box, which a person should hear about.
    if (oauthClientSecret && inProcess) warn(new OAuthStore(resolveDataDir(options.dataDir)).describeProtection(id));
    await afterServerAdded(id, upstream);
    process.stderr.write(`Added server '${id}'. Until you give it a policy (portcullis policy set ${id} FILE), every call to it is denied.\n`);
  });

  withDataDir(server.command('list').description('list registered servers').option('--json', 'print JSON')).action(
    async (options: DataDirOption & { json?: boolean }) => {
      const { views, running, shared } = await withApi(options, async ({ api, gateway }) => ({
        views: await api.listServers({}),
        running: gateway !== undefined,
        // Team mode: the shared store's state, from the running gateway.
        shared: gateway ? (await api.getInfo({})).store : undefined,
      }));
      const servers = views.map((view) => view.config); // masked by the Api
      // Live status (ready, failed, needs sign-in …) comes from a running gateway, when there is one.
      const live = running ? new Map(views.map((view) => [view.config.id, view.status])) : undefined;
      const statusOf = (id: string) => live?.get(id);
      const scopeAsked = (id: string) => views.find((view) => view.config.id === id)?.signIn?.pendingScope;
      if (options.json) return printJson(servers.map((s) => ({ ...s, ...(live ? { status: statusOf(s.id) } : {}) })));
      if (servers.length === 0) return void process.stderr.write('No servers yet. Add one with: portcullis server add <id> -- <command> [args...]\n');
      printTable(
        servers.map((s) => [s.id, s.upstream.transport, live ? (statusOf(s.id)?.state ?? 'stopped') : '-', describeUpstream(s.upstream)]),
        ['ID', 'TRANSPORT', 'STATUS', 'TARGET'],
      );
      if (!live) process.stderr.write('(status shows while `portcullis serve` or the app runs)\n');
      // Unreachable = degraded: limited and approval calls fail closed.
      if (shared) {
        const degraded = shared.state === 'unreachable' ? ` since ${shared.since}: DEGRADED, calls under a limit or an approval are refused (${shared.error ?? 'no connection'})` : '';
        process.stderr.write(`shared store ${shared.url}: ${shared.state}${degraded}\n`);
      }
      for (const [id, status] of live ?? []) {
        const scope = scopeAsked(id);
        if (status.state === 'needs-sign-in') process.stderr.write(`'${id}' needs a sign-in${scope ? ` (scope "${scope}")` : ''}: portcullis server login ${id}\n`);
      }
    },
  );

  withDataDir(server.command('remove <id>').description('remove a server')).action(async (id: string, options: DataDirOption) => {
    await withApi(options, ({ api }) => api.removeServer({ id })); // its sign-in goes with it
    process.stderr.write(`Removed server '${id}'.\n`);
  });

  addLoginCommands(server);
  return server;
}

function parseUpstream(command: string[], options: AddOptions): UpstreamConfig {
  if (options.url) {
    if (command.length) throw new CliError('give either --url or `-- <command>`, not both');
    if (options.env.length || options.cwd) throw new CliError('--env and --cwd apply to stdio servers only');
    const oauth = oauthConfigFromOptions(options, true);
    return { transport: options.sse ? 'sse' : 'http', url: options.url, headers: parseHeaders(options.header), ...(oauth ? { oauth } : {}) };
  }
  oauthConfigFromOptions(options, false); // refuses OAuth options on a stdio server
  const [executable, ...args] = command;
  if (!executable) throw new CliError('give the server command after `--` (portcullis server add <id> -- <command> [args...]) or a --url');
  if (options.header.length || options.sse) throw new CliError('--header and --sse apply to URL servers only');
  return { transport: 'stdio', command: executable, args, env: parseEnv(options.env), ...(options.cwd ? { cwd: options.cwd } : {}) };
}

function parseEnv(pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`--env '${pair}' must look like KEY=VALUE`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

function parseHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new CliError(`--header '${line}' must look like "Name: value"`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}
