// The builder's one-click modes for a tool (or a risk class): Allow, Deny, Hide,
// Approve, Custom (limits and conditions), or Default (no rule: risk rules and the
// policy's default decide). Reading a mode from a document and writing one into it.
import { matchesGlob } from '../../../../shared/policy/glob.js';
import type { LimitWindow } from '../../../../shared/policy/types.js';
import { freshCounterName, getAt, isObject, pruneEmpty, setAt, type JsonObject } from './policy-draft.js';

export const TOOL_MODES = ['default', 'allow', 'deny', 'hide', 'approve', 'custom'] as const;
export type ToolMode = (typeof TOOL_MODES)[number];
export type RiskMode = Exclude<ToolMode, 'hide'>;

const CUSTOM_KEYS = ['limits', 'rate_limit', 'require', 'deny_if', 'validate_schema'];

/** The mode a rule object shows as. */
export function ruleMode(rule: unknown): Exclude<ToolMode, 'hide'> {
  if (rule === undefined) return 'default';
  if (!isObject(rule)) return 'custom';
  if (CUSTOM_KEYS.some((key) => key in rule)) return 'custom';
  if (rule.action === 'deny') return 'deny';
  if (rule.action === 'approve') return 'approve';
  return 'allow';
}

export function hideList(doc: JsonObject): string[] {
  return Array.isArray(doc.hide) ? doc.hide.filter((h): h is string => typeof h === 'string') : [];
}

/** The hide entry (exact or glob) that hides `tool`, if any. */
export function hiddenBy(doc: JsonObject, tool: string): string | undefined {
  return hideList(doc).find((pattern) => matchesGlob(pattern, tool));
}

export function toolMode(doc: JsonObject, tool: string): ToolMode {
  if (hideList(doc).includes(tool)) return 'hide';
  return ruleMode(getAt(doc, ['tools', tool]));
}

function ruleFor(mode: Exclude<ToolMode, 'hide' | 'default'>, previous: unknown, counterBase: string, doc: JsonObject): JsonObject {
  const old = isObject(previous) ? previous : {};
  const reason = typeof old.reason === 'string' ? { reason: old.reason } : typeof old.on_deny === 'string' ? { reason: old.on_deny } : {};
  switch (mode) {
    case 'allow':
      return {};
    case 'deny':
      return { action: 'deny', ...reason };
    case 'approve':
      return { action: 'approve', ...(isObject(old.approval) ? { approval: old.approval } : {}) };
    case 'custom':
      if (ruleMode(previous) === 'custom') return old;
      // A rule with something to customise: one call limit to start from.
      return {
        ...(old.action === 'deny' || old.action === 'approve' ? { action: old.action } : {}),
        ...reason,
        limits: [{ counter: freshCounterName(doc, `${counterBase}_calls`), window: 'minute', max: 60, scope: 'grant' }],
      };
  }
}

export function setToolMode(doc: JsonObject, tool: string, mode: ToolMode): JsonObject {
  const previous = getAt(doc, ['tools', tool]);
  let next = doc;
  const hide = hideList(doc);
  if (mode !== 'hide' && hide.includes(tool)) next = { ...next, hide: hide.filter((h) => h !== tool) };
  if (mode === 'hide') {
    next = setAt(next, ['tools', tool], undefined);
    if (!hide.includes(tool)) next = { ...next, hide: [...hide, tool] };
  } else if (mode === 'default') next = setAt(next, ['tools', tool], undefined);
  else next = setAt(next, ['tools', tool], ruleFor(mode, previous, tool, doc));
  return pruneEmpty(next);
}

export function riskMode(doc: JsonObject, riskClass: string): RiskMode {
  return ruleMode(getAt(doc, ['risk', riskClass]));
}

export function setRiskMode(doc: JsonObject, riskClass: string, mode: RiskMode): JsonObject {
  const previous = getAt(doc, ['risk', riskClass]);
  const rule = mode === 'default' ? undefined : ruleFor(mode, previous, `risk_${riskClass}`, doc);
  return pruneEmpty(setAt(doc, ['risk', riskClass], rule));
}

/** "Rate-limit this tool": adds a call limit to the tool's rule (creating the rule, unhiding it). */
export function addToolRateLimit(doc: JsonObject, tool: string, max: number, window: LimitWindow): JsonObject {
  let next = toolMode(doc, tool) === 'hide' ? setToolMode(doc, tool, 'default') : doc;
  const rule = getAt(next, ['tools', tool]);
  const base: JsonObject = isObject(rule) ? rule : {};
  const limits = Array.isArray(base.limits) ? base.limits : [];
  const limit = { counter: freshCounterName(next, `${tool}_rate`), window, max, scope: 'grant' };
  next = setAt(next, ['tools', tool], { ...base, limits: [...limits, limit] });
  return pruneEmpty(next);
}

/** Tool keys under `tools` that are globs, and hide entries that are globs: the "patterns" section. */
export function patternKeys(doc: JsonObject): string[] {
  const tools = isObject(doc.tools) ? Object.keys(doc.tools) : [];
  return tools.filter((key) => key.includes('*'));
}
