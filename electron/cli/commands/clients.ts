// portcullis clients list|connect|disconnect: route an AI client's MCP servers through
// Portcullis, and undo it. The diff goes to stdout (secrets masked), everything else to stderr.
import path from 'node:path';
import { Command } from 'commander';
import type { Settings } from '../../../shared/config.js';
import { clientInfo, isClientId, listClientIds, type ClientId } from '../../gateway/clients/client-kinds.js';
import { clientStatuses, defaultConnectFile } from '../../gateway/clients/client-status.js';
import { locationContextFromProcess, scopeOfFile } from '../../gateway/clients/config-locations.js';
import { applyConnect, planConnect, type ConnectPlan, type ConnectResult } from '../../gateway/clients/connect-client.js';
import { readConnections } from '../../gateway/clients/connection-records.js';
import { applyDisconnect, planDisconnect } from '../../gateway/clients/disconnect-client.js';
import { gatewayPorts } from '../../gateway/clients/portcullis-entries.js';
import { openConfig, withDataDir, type DataDirOption } from '../context.js';
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

  withDataDir(
    clients
      .command('list')
      .description('the clients found on this machine, and which are connected')
      .option('--project <dir>', 'project folder to look in too (default: the current folder)')
      .option('--json', 'print JSON'),
  ).action(async (options: DataDirOption & { project?: string; json?: boolean }) => {
    const store = await openConfig(options);
    const statuses = await clientStatuses(locationContextFromProcess(options.project), store.dataDir, gatewayPorts(store.settings.port));
    if (options.json) return printJson(statuses);
    const found = statuses.filter((s) => s.status !== 'missing');
    if (found.length === 0) return void process.stderr.write('No AI client config files found.\n');
    printTable(
      found.map((s) => [s.client, s.scope, s.file, s.status === 'error' ? 'unreadable' : String(s.servers), s.connected ? 'connected' : s.viaPortcullis > 0 ? `${s.viaPortcullis} via Portcullis` : 'not connected']),
      ['CLIENT', 'SCOPE', 'FILE', 'SERVERS', 'STATUS'],
    );
  });

  withDataDir(
    clients
      .command('connect <client>')
      .description("rewrite the client's config so its servers go through Portcullis (backed up first; undo with disconnect)")
      .option('--file <path>', "the config file to rewrite (default: the client's user config)")
      .option('--project <dir>', 'project folder, for telling project files apart (default: the current folder)')
      .option('--url <url>', 'gateway address the client should use (default: from the settings, http://127.0.0.1:7337)')
      .option('--only <names>', "route only these of the client's servers (comma-separated)")
      .option('--servers <ids>', 'also add these Portcullis servers to the client (comma-separated ids)')
      .option('--dry-run', 'print the diff, write nothing'),
  ).action(async (clientArg: string, options: ConnectOptions) => {
    const client = parseClient(clientArg);
    const store = await openConfig(options);
    const baseUrl = gatewayUrl(options.url, store.settings);
    const ctx = locationContextFromProcess(options.project);
    const target = options.file
      ? { file: path.resolve(options.file), scope: scopeOfFile(client, path.resolve(options.file), ctx) }
      : await defaultConnectFile(client, ctx, gatewayPorts(baseUrl, store.settings.port));
    const plan = await planConnect({
      store,
      client,
      file: target.file,
      scope: target.scope,
      baseUrl,
      dataDir: store.dataDir,
      ...(options.only ? { only: splitList(options.only) } : {}),
      ...(options.servers ? { add: splitList(options.servers) } : {}),
    });
    describePlan(plan);
    if (!plan.changes) return void process.stderr.write(`Nothing to change: ${plan.file} already goes through Portcullis as far as it can.\n`);
    process.stdout.write(plan.diff);
    if (options.dryRun) return void process.stderr.write('Dry run: nothing was written, imported or issued.\n');
    const result = await applyConnect(plan, { store, dataDir: store.dataDir });
    await reportConnect(client, plan, result, store.dataDir);
  });

  withDataDir(
    clients
      .command('disconnect <client>')
      .description('restore what connect changed (byte for byte when the file was not edited since)')
      .option('--file <path>', 'the connected file (default: the one file connected for this client)')
      .option('--dry-run', 'print the diff, write nothing'),
  ).action(async (clientArg: string, options: DataDirOption & { file?: string; dryRun?: boolean }) => {
    const client = parseClient(clientArg);
    const store = await openConfig(options);
    const file = options.file ? path.resolve(options.file) : await connectedFile(store.dataDir, client);
    const plan = await planDisconnect({ dataDir: store.dataDir, client, file });
    for (const note of plan.notes) process.stderr.write(`${note}\n`);
    for (const line of plan.leftAlone) process.stderr.write(`left alone: ${line}\n`);
    process.stdout.write(plan.diff);
    if (options.dryRun) return void process.stderr.write('Dry run: nothing was written.\n');
    const result = await applyDisconnect(plan, { dataDir: store.dataDir });
    const how = result.removedFile ? 'removed (connect had created it)' : result.mode === 'exact' ? 'restored byte for byte' : `restored ${plan.restored} entr${plan.restored === 1 ? 'y' : 'ies'}`;
    process.stderr.write(`${result.file}: ${how}. The file as it was just before is backed up at ${result.backup}.\n`);
    process.stderr.write(`Restart ${clientInfo(client).label} to pick up the change. The grant '${plan.connection.grant}' stays; revoke it with: portcullis grant revoke "${plan.connection.grant}"\n`);
  });

  return clients;
}

function parseClient(value: string): ClientId {
  if (!isClientId(value)) throw new CliError(`unknown client '${value}': use ${listClientIds()}`);
  return value;
}

/** The address clients should use: --url, else the configured port on loopback. */
function gatewayUrl(explicit: string | undefined, settings: Settings): string {
  if (explicit) {
    let url: URL;
    try {
      url = new URL(explicit);
    } catch {
      throw new CliError(`--url '${explicit}' is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`--url '${explicit}' must be an http:// or https:// address`);
    return url.origin;
  }
  const host = ['0.0.0.0', '::', ''].includes(settings.host) ? '127.0.0.1' : settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return `http://${host}:${settings.port}`;
}

async function connectedFile(dataDir: string, client: ClientId): Promise<string> {
  const files = (await readConnections(dataDir)).filter((c) => c.client === client).map((c) => c.file);
  if (files.length === 1) return files[0]!;
  if (files.length === 0) throw new CliError(`${client} is not connected to Portcullis (nothing to restore)`);
  throw new CliError(`${client} has several connected files; pick one with --file:\n  ${files.join('\n  ')}`);
}

function describePlan(plan: ConnectPlan): void {
  const out = process.stderr;
  out.write(`${plan.file}:\n`);
  for (const route of plan.routes) {
    const where = route.serverId ? ` → ${route.serverId}` : '';
    const what = route.action === 'keep' ? 'unchanged' : route.action === 'add' ? 'add' : route.changes ? 'route through Portcullis' : 'already routed';
    out.write(`  ${route.name}${where}: ${what}${route.note ? ` (${route.note})` : ''}\n`);
  }
  for (const note of plan.notes) out.write(`note: ${note}\n`);
}

async function reportConnect(client: ClientId, plan: ConnectPlan, result: ConnectResult, dataDir: string): Promise<void> {
  const out = process.stderr;
  const label = clientInfo(client).label;
  if (result.backup) out.write(`Backed up the original to ${result.backup}\n`);
  if (result.imported.length) out.write(`Imported: ${result.imported.map((s) => s.id).join(', ')} (each denies every call until it has a policy)\n`);
  if (result.grant?.action === 'created') out.write(`Created the grant '${result.grant.name}'; its token is written into ${plan.file} and shown nowhere else.\n`);
  if (result.grant?.action === 'rotated') {
    out.write(`The grant '${result.grant.name}' got a new token (the old one stopped working); it is written into ${plan.file}.\n`);
    const others = (await readConnections(dataDir)).filter((c) => c.grant === result.grant?.name && c.file !== plan.file);
    for (const other of others) out.write(`  ${other.file} still has the old token: run portcullis clients connect ${other.client} --file "${other.file}"\n`);
  }
  out.write(`Connected ${label}: ${result.routed} server${result.routed === 1 ? '' : 's'} now go${result.routed === 1 ? 'es' : ''} through Portcullis. Restart ${label} to pick up the change.\n`);
  out.write(`Undo with: portcullis clients disconnect ${client}${plan.file ? ` --file "${plan.file}"` : ''}\n`);
}
