// Pinning at call time: a tool that is new, changed, or not listed at all is flagged
// (mode `warn`: the call goes ahead, the log and UI show the flag) or denied (mode
// `block`) until a person reviews it. Mode `block-riskier` (the default) flags like `warn`
// but denies a changed definition that the classifier rates riskier than the reviewed one:
// a server that turns a read-only lookup into something that runs commands is stopped
// before anyone has looked.
import type { PinningMode } from '../../../shared/config.js';
import type { PinVerdict, RiskAssessment, ToolFlag } from '../../../shared/catalog.js';
import { CLASS_PRECEDENCE } from './risk-rules.js';
import { RISK_LEVELS } from '../../../shared/risk.js';
import { statusOf, type ServerRecord } from './catalog-state.js';

export function reviewHint(serverId: string, tool: string): string {
  return `review it in Portcullis (portcullis catalog review ${serverId} ${tool})`;
}

/** How a changed definition differs from the reviewed one: its fields, and the risk of each. */
export interface DefinitionChange {
  fields: string[];
  before?: RiskAssessment;
  after?: RiskAssessment;
}

/** A higher level, or a more severe class (financial > destructive > execute > write > read). */
export function isRiskier(before: Pick<RiskAssessment, 'class' | 'level'>, after: Pick<RiskAssessment, 'class' | 'level'>): boolean {
  const severity = (cls: RiskAssessment['class']) => CLASS_PRECEDENCE.length - CLASS_PRECEDENCE.indexOf(cls);
  return RISK_LEVELS.indexOf(after.level) > RISK_LEVELS.indexOf(before.level) || severity(after.class) > severity(before.class);
}

/** The verdict on the catalog's current definition of `toolName` (a call with no session listing to go by). */
export function pinVerdict(
  server: ServerRecord | undefined,
  serverId: string,
  toolName: string,
  mode: PinningMode,
  changed: () => DefinitionChange,
): PinVerdict {
  // A server never synced has no baseline yet: nothing to hold its tools to.
  if (!server) return { allowed: true };
  const tool = server.tools.get(toolName);
  const status = tool ? statusOf(tool) : 'removed';
  if (status === 'accepted') return { allowed: true };
  if (status === 'changed') return changedVerdict(serverId, toolName, mode, changed());
  if (status === 'new') return newVerdict(serverId, toolName, mode);
  return {
    allowed: mode === 'warn',
    flag: 'new',
    message: `tool '${toolName}' is not in the tool list of server '${serverId}'; only listed, reviewed tools are trusted`,
  };
}

/**
 * The verdict on the definition with `hash` that one session was shown (recorded in the
 * catalog beforehand, see session-observation.ts): held against the reviewed definition,
 * not against whatever the catalog connection lists.
 */
export function sessionPinVerdict(
  server: ServerRecord | undefined,
  serverId: string,
  toolName: string,
  hash: string,
  mode: PinningMode,
  changed: () => DefinitionChange,
): PinVerdict {
  if (!server) return { allowed: true };
  const accepted = server.tools.get(toolName)?.accepted;
  if (accepted?.hash === hash) return { allowed: true };
  return accepted ? changedVerdict(serverId, toolName, mode, changed()) : newVerdict(serverId, toolName, mode);
}

function newVerdict(serverId: string, toolName: string, mode: PinningMode): PinVerdict {
  return {
    allowed: mode !== 'block',
    flag: 'new',
    message: `tool '${toolName}' is new on server '${serverId}' and has not been reviewed; ${reviewHint(serverId, toolName)}`,
  };
}

function changedVerdict(serverId: string, toolName: string, mode: PinningMode, change: DefinitionChange): PinVerdict {
  const { fields, before, after } = change;
  const riskier = before !== undefined && after !== undefined && isRiskier(before, after);
  const rose = riskier ? `; its risk rose from ${before.class}/${before.level} to ${after.class}/${after.level}` : '';
  return {
    allowed: mode === 'warn' || (mode === 'block-riskier' && !riskier),
    flag: 'changed',
    message: `tool '${toolName}' changed since it was reviewed${fields.length > 0 ? ` (${fields.join(', ')})` : ''}${rose}; ${reviewHint(serverId, toolName)}`,
  };
}

/**
 * A definition the poisoning checks flagged, which no person has reviewed (the baseline is
 * nobody's review), is held before its first call in `block-riskier` and `block`, whatever
 * its pinning status; `warn` lets it through, flagged in the log.
 */
export function flaggedVerdict(verdict: PinVerdict, serverId: string, toolName: string, flags: readonly ToolFlag[], mode: PinningMode): PinVerdict {
  // Already refused (a riskier change, or `block`): that reason stands; the catalog entry lists the flags.
  if (flags.length === 0 || !verdict.allowed) return verdict;
  const kinds = [...new Set(flags.map((f) => f.kind))].join(', ');
  const why = `tool '${toolName}' on server '${serverId}' was flagged (${kinds}: ${flags[0]!.reason}${flags.length > 1 ? `; and ${flags.length - 1} more` : ''})`;
  if (mode === 'warn') return { allowed: verdict.allowed, flag: verdict.flag ?? 'flagged', message: verdict.message ?? `${why}; ${reviewHint(serverId, toolName)}` };
  return { allowed: false, flag: verdict.flag ?? 'flagged', message: `${why} and is held until a person reviews it; ${reviewHint(serverId, toolName)}` };
}
