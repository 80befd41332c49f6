// portcullis import [client] [--file PATH] [--only a,b] [--dry-run]: take over the MCP servers
// already configured in AI clients, through the same Api as the window. Shows what it found
// (env and header names, never their values), then registers the chosen ones, all or none.
// A file that does not parse stops everything.
import path from 'node:path';
import { Command } from 'commander';
import type { ImportItemView } from '../../../shared/clients.js';
import { CLIENT_IDS, isClientId, listClientIds, type ClientId } from '../../gateway/clients/client-kinds.js';
import { guessClientFromPath } from '../../gateway/clients/config-locations.js';
import { withApi } from '../open-api.js';
import { withDataDir, type DataDirOption } from '../context.js';
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
      .description('register the MCP servers configured in your AI clients (env and headers carried over)')
      .option('--file <path>', "read this config file instead of the client's usual ones")
      .option('--project <dir>', 'project folder whose .mcp.json, .cursor/ and .vscode/ files are read (default: the current folder)')
      .option('--only <names>', 'import only these servers (comma-separated names as the client calls them)')
      .option('--dry-run', 'show what would be imported, import nothing')
      .option('--json', 'print JSON'),
  ).action(async (clientArg: string | undefined, options: ImportOptions) => {
    const client = parseClient(clientArg);
    const file = options.file ? path.resolve(options.file) : undefined;
    if (file && !client && !guessClientFromPath(file)) throw new CliError(`cannot tell which client ${file} belongs to: name it (portcullis import <client> --file ${options.file})`);
    const request = {
      ...(client ? { client } : {}),
      ...(file ? { file } : {}),
      project: path.resolve(options.project ?? process.cwd()),
      ...(options.only ? { only: splitList(options.only) } : {}),
    };
    await withApi(options, async ({ api }) => {
      const preview = await api.importServers({ mode: 'preview', ...request });
      if (!options.json) for (const f of preview.files) process.stderr.write(`Read ${f.file} (${f.description}): ${f.servers} server${f.servers === 1 ? '' : 's'}\n`);
      if (preview.items.length === 0) {
        if (options.json) return printJson([]);
        const where = client ? `${client} config` : 'client config';
        return void process.stderr.write(`No MCP servers found in any ${where}.\n`);
      }
      if (options.json) printJson(preview.items.map(itemJson));
      else printPlan(preview.items);
      if (options.dryRun) return void process.stderr.write('Dry run: nothing was imported.\n');
      const { imported } = await api.importServers({ mode: 'apply', ...request });
      if (imported.length === 0) return void process.stderr.write('Nothing new to import.\n');
      process.stderr.write(`Imported ${imported.length} server${imported.length === 1 ? '' : 's'}: ${imported.join(', ')}.\n`);
      process.stderr.write(
        `They have no policy yet, so every call to them is denied. Review the recommended one: \`portcullis policy recommend ${imported[0]} > policy.json\`, then \`portcullis policy set ${imported[0]} policy.json\` (or in the window: Servers → Review policy).\n`,
      );
      process.stderr.write(`To send a client's calls through Portcullis: portcullis clients connect <client>\n`);
    });
  });
}

function parseClient(value: string | undefined): ClientId | undefined {
  if (value === undefined) return undefined;
  if (!isClientId(value)) throw new CliError(`unknown client '${value}': use ${listClientIds()}`);
  return value;
}

export function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

function describeSource(item: ImportItemView): string {
  return `${item.client} (${item.scope}${item.project ? `: ${item.project}` : ''})`;
}

function printPlan(items: readonly ImportItemView[]): void {
  printTable(
    items.map((item) => [describeSource(item), item.name, item.serverId ?? '-', item.transport ?? '-', item.target, item.secrets.join(', ') || '-', item.action === 'import' ? 'import' : `skip: ${item.reason ?? ''}`]),
    ['SOURCE', 'NAME', 'ID', 'TRANSPORT', 'TARGET', 'ENV/HEADERS', 'ACTION'],
  );
  for (const item of items) for (const note of item.notes) process.stderr.write(`note: ${item.name}: ${note}\n`);
}

function itemJson(item: ImportItemView): Record<string, unknown> {
  return {
    client: item.client,
    scope: item.scope,
    ...(item.project ? { project: item.project } : {}),
    file: item.file,
    name: item.name,
    id: item.serverId ?? null,
    transport: item.transport ?? null,
    target: item.transport ? item.target : null,
    env: item.transport === 'stdio' ? item.secrets.map((s) => s.replace(/^env /, '')) : [],
    headers: item.transport && item.transport !== 'stdio' ? item.secrets.map((s) => s.replace(/^header /, '')) : [],
    action: item.action,
    ...(item.reason ? { reason: item.reason } : {}),
    notes: item.notes,
  };
}
