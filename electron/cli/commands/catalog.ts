// portcullis catalog <server> [--json] | catalog review <server> <tool>
import { Command } from 'commander';
import { toCatalogRow, type CatalogRow, type ToolFlag } from '../../../shared/catalog.js';
import { visibleText } from '../../../shared/visible-text.js';
import { terminalSafe } from '../../../shared/terminal-text.js';
import { withApi } from '../open-api.js';
import { withDataDir, type DataDirOption } from '../context.js';
import { printJson, printTable } from '../output.js';
import { shorten } from '../text-format.js';

const WHY_WIDTH = 72;
const FLAG_MARK = '⚑';
const CONTEXT = 24;

/** The offending text «marked» in a little of its context, invisible characters shown as markers. */
function inPlace(flag: ToolFlag): string {
  const flat = (text: string) => visibleText(text).replace(/\s+/g, ' ');
  const before = flat(flag.excerpt.slice(0, flag.at));
  const after = flat(flag.excerpt.slice(flag.at + flag.text.length));
  const text = flat(flag.text);
  return `${before.length > CONTEXT ? `…${before.slice(-CONTEXT)}` : before}«${shorten(text, WHY_WIDTH)}»${after.length > CONTEXT ? `${after.slice(0, CONTEXT)}…` : after}`;
}

/** Each flagged tool's findings, the offending text with invisible characters shown. */
function printFlags(rows: CatalogRow[]): void {
  const flagged = rows.filter((row) => row.flags.length > 0);
  if (flagged.length === 0) return;
  process.stdout.write(`\n${FLAG_MARK} flagged by the tool-poisoning checks:\n`);
  for (const row of flagged) {
    process.stdout.write(`  ${terminalSafe(row.name)}${row.held ? ' (held until a person reviews it)' : ' (reviewed)'}\n`);
    for (const flag of row.flags) process.stdout.write(`    ${flag.kind}: ${terminalSafe(visibleText(flag.reason))}\n      ${flag.field}: ${terminalSafe(inPlace(flag))}\n`);
  }
}

export function catalogCommand(): Command {
  const catalog = withDataDir(
    new Command('catalog')
      .argument('<server>')
      .description("a server's tools with their risk class, level, pinning status and why")
      .option('--json', 'print JSON: [{name, class, level, reasons, status, overridden, mismatch, flags: [{kind, reason, text, field, excerpt, at}], held}]'),
  ).action(async (serverId: string, options: DataDirOption & { json?: boolean }) => {
    const entries = await withApi(options, ({ api }) => api.listCatalog({ serverId }));
    const rows = entries.map(toCatalogRow);
    if (options.json) return printJson(rows);
    if (rows.length === 0) return void process.stderr.write(`No tools catalogued for '${serverId}'.\n`);
    printTable(
      rows.map((row) => [
        row.flags.length > 0 ? `${row.name} ${FLAG_MARK}` : row.name,
        row.overridden ? `${row.class}*` : row.class,
        row.level,
        row.status,
        shorten(visibleText(row.reasons[0] ?? '-'), WHY_WIDTH),
      ]),
      ['TOOL', 'CLASS', 'LEVEL', 'STATUS', 'WHY'],
    );
    printFlags(rows);
    if (rows.some((row) => row.overridden)) process.stderr.write('* class or level set by a person\n');
    const pending = rows.filter((row) => row.status === 'new' || row.status === 'changed' || row.held).length;
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
