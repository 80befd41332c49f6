// portcullis policy replay <server> <file>: what a draft policy would have decided for the
// logged calls, and which decisions it changes.
import type { Command } from 'commander';
import type { PolicyReplay } from '../../../shared/policy-replay.js';
import { terminalSafe } from '../../../shared/terminal-text.js';
import { withApi } from '../open-api.js';
import { withDataDir, type DataDirOption } from '../context.js';
import { CliError, printJson } from '../output.js';

interface ReplayOptions extends DataDirOption {
  since?: string;
  until?: string;
  grant?: string;
  tool?: string;
  json?: boolean;
  limit: string;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `7d`, `12h`, `30m`, `90s`, `2w` before now, or an ISO time. */
export function parseSince(text: string, now = Date.now()): string {
  const relative = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(text.trim());
  if (relative) return new Date(now - Number(relative[1]) * (UNIT_MS[relative[2] as string] as number)).toISOString();
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new CliError(`expected a duration such as 7d, 12h, 30m or an ISO time, got '${text}'`, 2);
  return new Date(ms).toISOString();
}

export function addReplayCommand(policy: Command, readPolicyFile: (file: string) => Promise<string>): void {
  withDataDir(
    policy
      .command('replay <server> <file>')
      .description('replay the call log through a draft policy: which calls it would decide differently (nothing is called, no limit used)')
      .option('--since <when>', 'only calls since then: 7d, 12h, 30m, or an ISO time (default: the whole log)')
      .option('--until <when>', 'only calls before then (same forms)')
      .option('--grant <name>', "only this grant's calls")
      .option('--tool <name>', 'only calls to this tool')
      .option('--limit <n>', 'most changed calls listed (counts stay exact)', '100000')
      .option('--json', 'print {summary, counts, changed} as JSON'),
  ).action(async (serverId: string, file: string, options: ReplayOptions) => {
    const text = await readPolicyFile(file);
    const limit = Number(options.limit);
    if (!Number.isInteger(limit) || limit < 0 || limit > 100_000) throw new CliError('--limit must be a whole number from 0 to 100000', 2);
    const replay = await withApi(options, ({ api }) =>
      api.replayPolicy({
        serverId,
        text,
        maxChanged: limit,
        ...(options.since !== undefined ? { from: parseSince(options.since) } : {}),
        ...(options.until !== undefined ? { to: parseSince(options.until) } : {}),
        ...(options.grant !== undefined ? { grant: options.grant } : {}),
        ...(options.tool !== undefined ? { tool: options.tool } : {}),
      }),
    );
    if (options.json) printJson(replay);
    else process.stdout.write(formatReplay(replay));
  });
}

export function formatReplay(replay: PolicyReplay): string {
  const { summary } = replay;
  const lines = [summary.text];
  const range = `${summary.from ?? 'start of log'} … ${summary.to ?? 'now'}`;
  lines.push(`Replayed ${summary.replayed} of ${summary.calls} calls to '${summary.server}' (${range}); draft ${summary.draftRevision}, active ${summary.activeRevision}.`);
  if (summary.skipped > 0) lines.push(`${summary.skipped} not replayed: no policy decided them (paused, pinning, malformed or unlisted).`);
  const transitions = Object.entries(replay.counts).sort((a, b) => b[1] - a[1]);
  if (transitions.length > 0) lines.push('', 'before → after: calls', ...transitions.map(([key, n]) => `  ${key}: ${n}`));
  if (summary.byRule.length > 0) {
    lines.push('', 'By rule:');
    for (const rule of summary.byRule) {
      const moves = Object.entries(rule.transitions).map(([key, n]) => `${key} ${n}`).join(', ');
      lines.push(`  ${terminalSafe(rule.rule)}: ${rule.changed} (${moves})`);
      for (const example of rule.examples) lines.push(`    e.g. ${example.time} ${terminalSafe(example.tool)} (${terminalSafe(example.grant)}): ${example.before} → ${example.after}${example.redacted ? `; depends on redacted ${example.redacted.join(', ')}` : ''}`);
    }
  }
  if (summary.dependsOnRedacted > 0) lines.push('', `${summary.dependsOnRedacted} replayed decisions read arguments the log holds redacted or cut: the real values may have decided otherwise.`);
  if (replay.changedTruncated) lines.push(`(only the first ${replay.changed.length} changed calls are listed in --json)`);
  return `${lines.join('\n')}\n`;
}
