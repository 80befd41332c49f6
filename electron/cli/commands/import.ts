// portcullis import [client] [--file PATH] [--only a,b] [--dry-run]: take over the MCP servers
// already configured in AI clients. Shows what it found (env and header names, never their
// values), then registers the chosen ones. A file that does not parse stops everything.
import path from 'node:path';
import { Command } from 'commander';
import { CLIENT_IDS, isClientId, listClientIds, type ClientId } from '../../gateway/clients/client-kinds.js';
import { allConfigLocations, configLocations, guessClientFromPath, locationContextFromProcess, scopeOfFile, type ConfigLocation } from '../../gateway/clients/config-locations.js';
import { applyImport, planImport, type ImportPlanItem } from '../../gateway/clients/import-servers.js';
import { gatewayPorts } from '../../gateway/clients/portcullis-entries.js';
import { describeEntrySource, describeTarget, secretNames } from '../../gateway/clients/read-entries.js';
import { scanLocations } from '../../gateway/clients/scan-clients.js';
import { openConfig, withDataDir, type DataDirOption } from '../context.js';
import { CliError, printJson, printTable } from '../output.js';

interface ImportOptions extends DataDirOption {
  file?: string;
  project?: string;
  only?: string;
  dryRun?: boolean;
  json?: boolean;
}

export function importCommand(): Command {
  return withDataDir(
    new Command('import')
      .argument('[client]', `where to import from: ${CLIENT_IDS.join('|')} (default: every client found)`)
      .description("register the MCP servers configured in your AI clients (env and headers carried over)")
      .option('--file <path>', "read this config file instead of the client's usual ones")
      .option('--project <dir>', 'project folder whose .mcp.json, .cursor/ and .vscode/ files are read (default: the current folder)')
      .option('--only <names>', 'import only these servers (comma-separated names as the client calls them)')
      .option('--dry-run', 'show what would be imported, import nothing')
      .option('--json', 'print JSON'),
  ).action(async (clientArg: string | undefined, options: ImportOptions) => {
    const client = parseClient(clientArg);
    const ctx = locationContextFromProcess(options.project);
    const locations = locationsToRead(client, options.file, ctx);
    const store = await openConfig(options);
    const scanned = await scanLocations(locations, gatewayPorts(store.settings.port));

    const errors = scanned.filter((s) => s.status === 'error').map((s) => s.error ?? s.location.path);
    if (errors.length) throw new CliError(`${errors.join('\n')}\nNothing was imported.${options.file ? '' : ' Fix the file, or name a client or --file to import from the others.'}`);
    if (options.file && scanned[0]?.status === 'missing') throw new CliError(`there is no file at ${scanned[0].location.path}`);
    const read = scanned.filter((s) => s.status !== 'missing');
    if (!options.json) for (const s of read) process.stderr.write(`Read ${s.location.path} (${s.location.description}): ${s.entries.length} server${s.entries.length === 1 ? '' : 's'}\n`);

    const entries = read.flatMap((s) => s.entries);
    if (entries.length === 0) {
      if (options.json) return printJson([]);
      const where = client ? `${client} config` : 'client config';
      return void process.stderr.write(`No MCP servers found in any ${where} (looked in: ${locations.map((l) => l.path).join(', ')}).\n`);
    }
    const plan = planImport(store.data.servers, entries, options.only ? { only: splitList(options.only) } : {});
    if (options.json) printJson(plan.map(planJson));
    else printPlan(plan);

    if (options.dryRun) return void process.stderr.write('Dry run: nothing was imported.\n');
    const added = await applyImport(store, plan);
    if (added.length === 0) return void process.stderr.write('Nothing new to import.\n');
    const ids = added.map((s) => s.id);
    process.stderr.write(`Imported ${ids.length} server${ids.length === 1 ? '' : 's'}: ${ids.join(', ')}.\n`);
    process.stderr.write(`Until a server has a policy, every call to it is denied: \`portcullis policy recommend ${ids[0]}\` suggests one, \`portcullis policy set ${ids[0]} FILE\` applies it.\n`);
    process.stderr.write(`To send a client's calls through Portcullis: portcullis clients connect <client>\n`);
  });
}

function parseClient(value: string | undefined): ClientId | undefined {
  if (value === undefined) return undefined;
  if (!isClientId(value)) throw new CliError(`unknown client '${value}': use ${listClientIds()}`);
  return value;
}

function locationsToRead(client: ClientId | undefined, file: string | undefined, ctx: ReturnType<typeof locationContextFromProcess>): ConfigLocation[] {
  if (!file) return client ? configLocations(client, ctx) : allConfigLocations(ctx);
  const absolute = path.resolve(file);
  const owner = client ?? guessClientFromPath(absolute);
  if (!owner) throw new CliError(`cannot tell which client ${absolute} belongs to: name it (portcullis import <client> --file ${file})`);
  return [{ client: owner, scope: scopeOfFile(owner, absolute, ctx), path: absolute, description: `${owner} config given with --file` }];
}

export function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

function printPlan(plan: readonly ImportPlanItem[]): void {
  printTable(
    plan.map((item) => [
      describeEntrySource(item.entry),
      item.entry.name,
      item.serverId ?? '-',
      item.entry.upstream?.transport ?? '-',
      describeTarget(item.entry.upstream),
      secretNames(item.entry.upstream).join(', ') || '-',
      item.action === 'add' ? 'import' : `skip: ${item.reason ?? ''}`,
    ]),
    ['SOURCE', 'NAME', 'ID', 'TRANSPORT', 'TARGET', 'ENV/HEADERS', 'ACTION'],
  );
  for (const item of plan) for (const note of item.entry.notes) process.stderr.write(`note: ${item.entry.name}: ${note}\n`);
}

function planJson(item: ImportPlanItem): Record<string, unknown> {
  const { entry } = item;
  const upstream = entry.upstream;
  return {
    client: entry.client,
    scope: entry.scope,
    ...(entry.project ? { project: entry.project } : {}),
    file: entry.file,
    name: entry.name,
    id: item.serverId ?? null,
    transport: upstream?.transport ?? null,
    target: upstream ? describeTarget(upstream) : null,
    env: upstream?.transport === 'stdio' ? Object.keys(upstream.env) : [],
    headers: upstream && upstream.transport !== 'stdio' ? Object.keys(upstream.headers) : [],
    action: item.action === 'add' ? 'import' : 'skip',
    ...(item.reason ? { reason: item.reason } : {}),
    notes: entry.notes,
  };
}
