// portcullis catalog <server> [--json] | catalog review <server> <tool>
import { Command } from 'commander';
import { toCatalogRow } from '../../../shared/catalog.js';
import { withApi } from '../open-api.js';
import { withDataDir, type DataDirOption } from '../context.js';
import { printJson, printTable } from '../output.js';
import { shorten } from '../text-format.js';

const WHY_WIDTH = 72;

export function catalogCommand(): Command {
  const catalog = withDataDir(
    new Command('catalog')
      .argument('<server>')
      .description("a server's tools with their risk class, level, pinning status and why")
      .option('--json', 'print JSON: [{name, class, level, reasons, status, overridden, mismatch}]'),
  ).action(async (serverId: string, options: DataDirOption & { json?: boolean }) => {
    const entries = await withApi(options, ({ api }) => api.listCatalog({ serverId }));
    const rows = entries.map(toCatalogRow);
    if (options.json) return printJson(rows);
    if (rows.length === 0) return void process.stderr.write(`No tools catalogued for '${serverId}'.\n`);
    printTable(
      rows.map((row) => [row.name, row.overridden ? `${row.class}*` : row.class, row.level, row.status, shorten(row.reasons[0] ?? '-', WHY_WIDTH)]),
      ['TOOL', 'CLASS', 'LEVEL', 'STATUS', 'WHY'],
    );
    if (rows.some((row) => row.overridden)) process.stderr.write('* class or level set by a person\n');
    const pending = rows.filter((row) => row.status === 'new' || row.status === 'changed').length;
    if (pending > 0) process.stderr.write(`${pending} tool${pending === 1 ? ' needs' : 's need'} review: portcullis catalog review ${serverId} <tool>\n`);
  });

  withDataDir(catalog.command('review <server> <tool>').description("accept the tool's current definition (clears new/changed)")).action(
    async (serverId: string, tool: string, _options: DataDirOption, command: Command) => {
      // --data-dir may have been read by `catalog` itself: take it from wherever it was given.
      const options = command.optsWithGlobals<DataDirOption>();
      const entry = await withApi(options, ({ api }) => api.reviewTool({ serverId, tool }));
      process.stderr.write(`Accepted the current definition of '${entry.name}' on '${serverId}' (${entry.class}, ${entry.level}).\n`);
    },
  );

  return catalog;
}
