// portcullis clients list|connect|disconnect: route an AI client's MCP servers through
// Portcullis, and undo it, through the same Api as the window (preview, then apply pinned to
// the previewed file). The diff goes to stdout (secrets masked), everything else to stderr.
import path from 'node:path';
import { Command } from 'commander';
import type { ConnectResultView } from '../../../shared/clients.js';
import { clientInfo, isClientId, listClientIds, type ClientId } from '../../gateway/clients/client-kinds.js';
import { explicitGatewayUrl } from '../../gateway/clients/gateway-address.js';
import { withApi } from '../open-api.js';
import { withDataDir, type DataDirOption } from '../context.js';
import { CliError, printJson, printTable } from '../output.js';
import { splitList } from './import.js';

interface ConnectOptions extends DataDirOption {
  file?: string;
  project?: string;
  dryRun?: boolean;
  url?: string;
  only?: string;
  servers?: string;
}

export function clientsCommand(): Command {
  const clients = new Command('clients').description('route AI clients (Claude Desktop, Claude Code, Cursor, VS Code, Windsurf) through Portcullis');

  withDataDir(clients.command('list'))
    .description('the clients found on this machine, and which are connected')
    .option('--project <dir>', 'project folder to look in too (default: the current folder)')
    .option('--json', 'print JSON')
    .action(async (options: DataDirOption & { project?: string; json?: boolean }) => {
      const overview = await withApi(options, ({ api }) => api.listClients({ project: projectDir(options.project) }));
      if (options.json) return printJson(overview);
      const found = overview.clients.flatMap((c) => c.files.filter((f) => f.status !== 'missing').map((f) => ({ client: c.client, file: f })));
      if (found.length === 0) return void process.stderr.write('No AI client config files found.\n');
      printTable(
        found.map(({ client, file }) => {
          const via = file.entries.filter((e) => e.viaPortcullis).length;
          return [client, file.scope, file.file, file.status === 'error' ? 'unreadable' : String(file.entries.length), file.connected ? 'connected' : via > 0 ? `${via} via Portcullis` : 'not connected'];
        }),
        ['CLIENT', 'SCOPE', 'FILE', 'SERVERS', 'STATUS'],
      );
      for (const c of overview.clients) if (c.unpoliced.length) process.stderr.write(`${c.label} reaches ${c.unpoliced.join(', ')} through Portcullis, which ${c.unpoliced.length === 1 ? 'has' : 'have'} no policy: every call is denied.\n`);
    });

  withDataDir(clients.command('connect <client>'))
    .description("rewrite the client's config so its servers go through Portcullis (backed up first; undo with disconnect)")
    .option('--file <path>', "the config file to rewrite (default: the client's user config)")
    .option('--project <dir>', 'project folder, for telling project files apart (default: the current folder)')
    .option('--url <url>', 'gateway address the client should use (default: the running gateway\'s, else the saved port)')
    .option('--only <names>', "route only these of the client's servers (comma-separated)")
    .option('--servers <ids>', 'also add these Portcullis servers to the client (comma-separated ids)')
    .option('--dry-run', 'print the diff, write nothing')
    .action(async (clientArg: string, options: ConnectOptions) => {
      const client = parseClient(clientArg);
      const request = {
        client,
        project: projectDir(options.project),
        ...(options.file ? { file: path.resolve(options.file) } : {}),
        ...(options.url ? { url: checkedUrl(options.url) } : {}),
        ...(options.only ? { only: splitList(options.only) } : {}),
        ...(options.servers ? { servers: splitList(options.servers) } : {}),
      };
      await withApi(options, async ({ api, gateway }) => {
        const plan = await api.connectClient({ mode: 'preview', ...request });
        describePlan(plan);
        if (!plan.changes) return void process.stderr.write(`Nothing to change: ${plan.file} already goes through Portcullis as far as it can.\n`);
        process.stdout.write(plan.diff);
        if (options.dryRun) return void process.stderr.write('Dry run: nothing was written, imported or issued.\n');
        const result = await api.connectClient({ mode: 'apply', ...request, expectSha256: plan.beforeSha256 });
        reportConnect(client, result, gateway !== undefined);
        sayWhatIsDenied(result);
      });
    });

  withDataDir(clients.command('disconnect <client>'))
    .description('restore what connect changed (byte for byte when the file was not edited since)')
    .option('--file <path>', 'the connected file (default: the one file connected for this client)')
    .option('--dry-run', 'print the diff, write nothing')
    .action(async (clientArg: string, options: DataDirOption & { file?: string; dryRun?: boolean }) => {
      const client = parseClient(clientArg);
      const request = { client, ...(options.file ? { file: path.resolve(options.file) } : {}) };
      await withApi(options, async ({ api }) => {
        const plan = await api.disconnectClient({ mode: 'preview', ...request });
        for (const note of plan.notes) process.stderr.write(`${note}\n`);
        for (const line of plan.leftAlone) process.stderr.write(`left alone: ${line}\n`);
        process.stdout.write(plan.diff);
        if (options.dryRun) return void process.stderr.write('Dry run: nothing was written.\n');
        const result = await api.disconnectClient({ mode: 'apply', ...request, expectSha256: plan.currentSha256 });
        const how = result.removedFile ? 'removed (connect had created it)' : result.mode === 'exact' ? 'restored byte for byte' : `restored ${result.restored} entr${result.restored === 1 ? 'y' : 'ies'}`;
        process.stderr.write(`${result.file}: ${how}. The file as it was just before is backed up at ${result.backup ?? '(no backup)'}.\n`);
        process.stderr.write(`Restart ${clientInfo(client).label} to pick up the change. The grant '${result.grant}' stays; revoke it with: portcullis grant revoke "${result.grant}"\n`);
      });
    });

  return clients;
}

function parseClient(value: string): ClientId {
  if (!isClientId(value)) throw new CliError(`unknown client '${value}': use ${listClientIds()}`);
  return value;
}

function projectDir(option: string | undefined): string {
  return path.resolve(option ?? process.cwd());
}

function checkedUrl(value: string): string {
  try {
    return explicitGatewayUrl(value);
  } catch (error) {
    throw new CliError(`--url ${(error as Error).message}`);
  }
}

function describePlan(plan: ConnectResultView): void {
  const out = process.stderr;
  out.write(`${plan.file}:\n`);
  for (const route of plan.routes) {
    const where = route.serverId ? ` → ${route.serverId}` : '';
    const what = route.action === 'keep' ? 'unchanged' : route.action === 'add' ? 'add' : route.changes ? 'route through Portcullis' : 'already routed';
    out.write(`  ${route.name}${where}: ${what}${route.note ? ` (${route.note})` : ''}\n`);
  }
  for (const note of plan.notes) out.write(`note: ${note}\n`);
}

function reportConnect(client: ClientId, result: ConnectResultView, running: boolean): void {
  const out = process.stderr;
  const label = clientInfo(client).label;
  if (result.backup) out.write(`Backed up the original to ${result.backup}\n`);
  if (result.imported?.length) out.write(`Imported: ${result.imported.join(', ')}\n`);
  if (result.grant?.action === 'created') out.write(`Created the grant '${result.grant.name}'; its token is written into ${result.file} and shown nowhere else.\n`);
  if (result.grant?.action === 'rotated') {
    out.write(`The grant '${result.grant.name}' got a new token (the old one stopped working); it is written into ${result.file}.\n`);
    for (const file of result.staleFiles ?? []) out.write(`  ${file} still has the old token: run portcullis clients connect ${client} --file "${file}"\n`);
  }
  const routed = result.routed ?? 0;
  out.write(`Connected ${label}: ${routed} server${routed === 1 ? '' : 's'} now go${routed === 1 ? 'es' : ''} through Portcullis at ${result.gatewayUrl}. Restart ${label} to pick up the change.\n`);
  if (!running) out.write(`No gateway is running: ${label} will reach ${result.gatewayUrl} once \`portcullis serve\` (or the app) runs on that port.\n`);
  out.write(`Undo with: portcullis clients disconnect ${client} --file "${result.file}"\n`);
}

/** Servers with no policy deny every call: say so, and how to give them the recommended one. */
function sayWhatIsDenied(result: ConnectResultView): void {
  if (result.unpoliced.length === 0) return;
  const ids = result.unpoliced;
  process.stderr.write(
    `Warning: ${ids.join(', ')} ${ids.length === 1 ? 'has' : 'have'} no policy, so every call to ${ids.length === 1 ? 'it' : 'them'} is denied and the client sees no tools.\n` +
      `  Review and apply a recommended policy: portcullis policy recommend ${ids[0]} > policy.json && portcullis policy set ${ids[0]} policy.json (or open the window: Policy)\n`,
  );
}
