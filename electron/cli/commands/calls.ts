// portcullis calls [--follow] [--json] [--server S] [--tool T] [--decision D] [--grant G] [--limit N]
import { Command } from 'commander';
import {
  CALL_DECISIONS, CALL_QUERY_DEFAULT_LIMIT, CALL_QUERY_MAX_LIMIT, CALL_VERDICTS, callSubject, callVerdict, matchesCallFilter,
  type CallFilter, type CallRecord,
} from '../../../shared/calls.js';
import { resolveDataDir } from '../../gateway/store/data-dir.js';
import { withApi } from '../open-api.js';
import { withDataDir, type DataDirOption } from '../context.js';
import { followEvents } from '../follow-events.js';
import { CliError, printTable } from '../output.js';
import { requireRunningGateway } from '../running-gateway.js';
import { formatLocalTime } from '../text-format.js';
import { terminalSafe } from '../../../shared/terminal-text.js';

interface CallsOptions extends DataDirOption {
  follow?: boolean;
  json?: boolean;
  server?: string;
  tool?: string;
  decision?: string;
  grant?: string;
  limit?: string;
}

const HEADER = ['TIME', 'SERVER', 'GRANT', 'TOOL', 'DECISION', 'RULE', 'LATENCY'];
/** --follow cannot measure rows it has not seen: fixed widths (the last column is free). */
const FOLLOW_WIDTHS = [19, 14, 16, 24, 18, 24];

export function callsCommand(): Command {
  return withDataDir(
    new Command('calls')
      .description('the call log, newest first; --follow streams new calls from the running gateway')
      .option('--follow', 'print new calls as they finish, until interrupted (needs a running gateway)')
      .option('--json', 'one JSON record per line')
      .option('--server <id>', 'only this server')
      .option('--tool <name>', 'only this tool')
      .option('--decision <decision>', `only this decision or verdict (${[...CALL_DECISIONS, ...CALL_VERDICTS].join(', ')})`)
      .option('--grant <name>', 'only this grant (client)')
      .option('--limit <n>', `at most this many calls (default ${CALL_QUERY_DEFAULT_LIMIT})`),
  ).action(async (options: CallsOptions) => {
    const filter = toFilter(options);
    if (options.follow) return follow(options, filter);
    const limit = parseLimit(options.limit);
    const records = await withApi(options, async ({ api }) => {
      const found: CallRecord[] = [];
      let cursor: string | undefined;
      do {
        const page = await api.queryCalls({ ...filter, limit: Math.min(CALL_QUERY_MAX_LIMIT, limit - found.length), ...(cursor ? { cursor } : {}) });
        found.push(...page.records);
        if (page.skippedLines > 0) process.stderr.write(`Skipped ${page.skippedLines} damaged line${page.skippedLines === 1 ? '' : 's'} in the call log.\n`);
        cursor = page.nextCursor;
      } while (cursor && found.length < limit);
      return found.slice(0, limit);
    });
    if (options.json) return void process.stdout.write(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    if (records.length === 0) return void process.stderr.write('No calls match.\n');
    printTable(records.map(callRow), HEADER);
  });
}

async function follow(options: CallsOptions, filter: CallFilter): Promise<void> {
  const gateway = await requireRunningGateway(resolveDataDir(options.dataDir), '--follow streams calls from a running gateway');
  await followEvents(gateway, {
    subscribed: () => {
      process.stderr.write(`Following calls through ${gateway.url} (Ctrl-C to stop)…\n`);
      if (!options.json) process.stdout.write(`${fixedWidth(HEADER)}\n`);
    },
    event: (message) => {
      if (message.event !== 'call-finished' || !matchesCallFilter(message.data, filter)) return;
      process.stdout.write(`${options.json ? JSON.stringify(message.data) : fixedWidth(callRow(message.data))}\n`);
    },
  });
}

function callRow(record: CallRecord): string[] {
  return [formatLocalTime(record.time), record.server, record.grant, callSubject(record), callVerdict(record), record.rule ?? '-', `${record.latency.totalMs.toFixed(1)} ms`];
}

function fixedWidth(cells: string[]): string {
  return cells.map((cell, i) => (i < FOLLOW_WIDTHS.length ? terminalSafe(cell).padEnd(FOLLOW_WIDTHS[i] ?? 0) : terminalSafe(cell))).join('  ');
}

function toFilter(options: CallsOptions): CallFilter {
  const { server, tool, decision, grant } = options;
  if (decision !== undefined && !(CALL_DECISIONS as readonly string[]).includes(decision) && !(CALL_VERDICTS as readonly string[]).includes(decision)) {
    throw new CliError(`--decision '${decision}' is not a decision: use one of ${[...CALL_DECISIONS, ...CALL_VERDICTS].join(', ')}`);
  }
  return {
    ...(server !== undefined ? { server } : {}),
    ...(tool !== undefined ? { tool } : {}),
    ...(grant !== undefined ? { grant } : {}),
    ...(decision !== undefined ? { decision: decision as CallFilter['decision'] } : {}),
  };
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return CALL_QUERY_DEFAULT_LIMIT;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit '${text}' must be a whole number of at least 1`);
  return limit;
}
