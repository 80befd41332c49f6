// portcullis approvals [--follow] [--history] [--json] | approve <id> [--session] | deny <id> [--reason R]
// Held calls live in the running gateway, so these commands need one.
import { Command } from 'commander';
import { maskArgumentPaths, type ApprovalHistoryEntry, type ApprovalRequest, type ApprovalResolution } from '../../../shared/approvals.js';
import { resolveDataDir } from '../../gateway/store/data-dir.js';
import { withDataDir, type DataDirOption } from '../context.js';
import { followEvents } from '../follow-events.js';
import { printJson, printTable } from '../output.js';
import { requireRunningGateway, type RunningGateway } from '../running-gateway.js';
import { formatDuration, summarize } from '../text-format.js';
import { terminalSafe } from '../../../shared/terminal-text.js';

const NEEDS_GATEWAY = 'calls waiting for approval are held by a running gateway';
const HEADER = ['ID', 'AGE', 'SERVER', 'GRANT', 'TOOL', 'RISK', 'ARGUMENTS', 'EXPIRES IN'];
const HISTORY_HEADER = ['ID', 'ENDED', 'SERVER', 'GRANT', 'TOOL', 'OUTCOME', 'BY', 'RETRY'];
const ARGUMENTS_WIDTH = 48;

interface ApprovalsOptions extends DataDirOption {
  follow?: boolean;
  history?: boolean;
  json?: boolean;
}

const gatewayFor = (options: DataDirOption) => requireRunningGateway(resolveDataDir(options.dataDir), NEEDS_GATEWAY);

export function approvalsCommand(): Command {
  return withDataDir(
    new Command('approvals')
      .description('calls held for a person to approve or deny')
      .option('--follow', 'print new requests and their resolutions as they happen, until interrupted')
      .option('--history', 'questions that ended (answered, timed out, withdrawn), newest first, and approvals kept for a retry')
      .option('--json', 'print JSON (with --follow: one {event, data} object per line)'),
  ).action(async (options: ApprovalsOptions) => {
    const gateway = await gatewayFor(options);
    if (options.follow) return follow(gateway, options.json === true);
    if (options.history) return printHistory(await gateway.api.approvalHistory({}), options.json === true);
    const pending = await gateway.api.listApprovals({});
    if (options.json) return printJson(pending);
    if (pending.length === 0) return void process.stderr.write('No calls are waiting for approval.\n');
    const now = Date.now();
    printTable(pending.map((request) => requestRow(request, now)), HEADER);
    if (pending.some((r) => r.secretPaths.length > 0 || JSON.stringify(r.arguments).length > ARGUMENTS_WIDTH)) {
      process.stderr.write('Secret-looking values are masked (***) and long arguments shortened (…): `portcullis approvals --json` prints every argument whole.\n');
    }
  });
}

export function approveCommand(): Command {
  return withDataDir(
    new Command('approve')
      .argument('<id>')
      .description('let a held call go ahead')
      .option('--session', 'also approve this tool for the rest of the client session'),
  ).action(async (id: string, options: DataDirOption & { session?: boolean }) => {
    const gateway = await gatewayFor(options);
    const resolution = await gateway.api.decideApproval({ id, decision: { action: 'approve', scope: options.session ? 'session' : 'once' } });
    const kept = resolution.keptUntil ? `: the agent had stopped waiting, so its retry of exactly this call runs once (until ${resolution.keptUntil})` : '';
    process.stderr.write(`Approved ${resolution.id}${resolution.scope === 'session' ? ' for the rest of the session' : ' (this call)'}${kept}.\n`);
  });
}

export function denyCommand(): Command {
  return withDataDir(
    new Command('deny')
      .argument('<id>')
      .description('refuse a held call; the agent is told it was denied (and why, with --reason)')
      .option('--reason <text>', 'what the agent is told'),
  ).action(async (id: string, options: DataDirOption & { reason?: string }) => {
    const gateway = await gatewayFor(options);
    const decision = { action: 'deny' as const, ...(options.reason !== undefined ? { reason: options.reason } : {}) };
    const resolution = await gateway.api.decideApproval({ id, decision });
    process.stderr.write(`Denied ${resolution.id}.\n`);
  });
}

async function follow(gateway: RunningGateway, json: boolean): Promise<void> {
  const shown = new Set<string>();
  const print = (event: 'approval-requested' | 'approval-resolved', data: ApprovalRequest | ApprovalResolution, line: string) =>
    process.stdout.write(`${json ? JSON.stringify({ event, data }) : terminalSafe(line)}\n`);
  const requested = (request: ApprovalRequest) => {
    if (shown.has(request.id)) return;
    shown.add(request.id);
    print('approval-requested', request, `requested  ${requestRow(request, Date.now()).join('  ')}`);
  };
  await followEvents(gateway, {
    // Subscribed first, listed second: a request raised in between is printed once (by id).
    subscribed: async () => {
      for (const request of await gateway.api.listApprovals({})) requested(request);
      process.stderr.write(`Following approvals through ${gateway.url} (Ctrl-C to stop)…\n`);
    },
    event: (message) => {
      if (message.event === 'approval-requested') requested(message.data);
      else if (message.event === 'approval-resolved') print('approval-resolved', message.data, `${message.data.outcome.padEnd(9)}  ${describeResolution(message.data)}`);
    },
  });
}

function printHistory(entries: ApprovalHistoryEntry[], json: boolean): void {
  if (json) return printJson(entries);
  if (entries.length === 0) return void process.stderr.write('No approval history yet.\n');
  const now = Date.now();
  printTable(
    entries.map((e) => [e.request.id, `${formatDuration(now - Date.parse(e.at))} ago`, e.request.server, e.request.grant, e.request.tool, e.resolution.outcome, e.resolution.by ?? '-', e.kept?.state ?? '-']),
    HISTORY_HEADER,
  );
}

function requestRow(request: ApprovalRequest, now: number): string[] {
  const risk = request.riskClass ? `${request.riskClass}/${request.riskLevel ?? '?'}` : '-';
  return [
    request.id,
    formatDuration(now - Date.parse(request.createdAt)),
    request.server,
    request.grant,
    request.tool,
    risk,
    summarize(maskArgumentPaths(request.arguments, request.secretPaths), ARGUMENTS_WIDTH),
    // Once the agent stopped waiting, what runs out is the time left to answer.
    request.agentGone && request.answerableUntil ? `${formatDuration(Date.parse(request.answerableUntil) - now)} (agent gone)` : formatDuration(Date.parse(request.expiresAt) - now),
  ];
}

function describeResolution(resolution: ApprovalResolution): string {
  const parts = [resolution.id];
  if (resolution.scope) parts.push(resolution.scope === 'session' ? 'for the session' : 'once');
  if (resolution.by) parts.push(`by ${resolution.by}`);
  if (resolution.reason) parts.push(`— ${resolution.reason}`);
  return parts.join(' ');
}
