// The builder's one-click modes for a tool (or a risk class): Allow, Deny, Hide,
// Approve, Custom (limits and conditions), or Default (no rule: risk rules and the
// policy's default decide). Reading a mode from a document and writing one into it.
import { matchesGlob } from '../../../../shared/policy/glob.js';
import type { LimitWindow } from '../../../../shared/policy/types.js';
import { freshCounterName, getAt, isObject, pruneEmpty, setAt, type JsonObject } from './policy-draft.js';

export const CUSTOM_KEYS = ['limits', 'rate_limit', 'require', 'deny_if', 'validate_schema'];

export const TOOL_MODES = ['default', 'allow', 'deny', 'hide', 'approve', 'custom'] as const;
export type ToolMode = (typeof TOOL_MODES)[number];
export type RiskMode = Exclude<ToolMode, 'hide'>;


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

/**
 * What a one-click mode writes. Only what the mode is about changes: `action`, the approval
 * options (approve only) and the limits and conditions (custom only); the reason and
 * anything else the person wrote stay, so Allow then Deny finds its reason again.
 */
function ruleFor(mode: Exclude<ToolMode, 'hide' | 'default'>, previous: unknown, start: () => JsonObject): JsonObject {
  const old = isObject(previous) ? previous : {};
  const kept: JsonObject = {};
  for (const [key, value] of Object.entries(old)) if (key !== 'action' && key !== 'approval' && !CUSTOM_KEYS.includes(key)) kept[key] = value;
  switch (mode) {
    case 'allow':
      return kept;
    case 'deny':
      return { action: 'deny', ...kept };
    case 'approve':
      return { action: 'approve', ...kept, ...(isObject(old.approval) ? { approval: old.approval } : {}) };
    case 'custom':
      // Custom changes nothing by itself: it starts from the decision that applies now.
      if (isObject(previous)) return previous;
      return start();
  }
}

export interface ModeOptions {
  /** What Custom starts from when the tool has no rule of its own: the rule that decides now (`startingRule`). */
  start?: JsonObject;
}

export function setToolMode(doc: JsonObject, tool: string, mode: ToolMode, options: ModeOptions = {}): JsonObject {
  const previous = getAt(doc, ['tools', tool]);
  let next = doc;
  const hide = hideList(doc);
  if (mode !== 'hide' && hide.includes(tool)) next = { ...next, hide: hide.filter((h) => h !== tool) };
  if (mode === 'hide') {
    // Its own rule goes: under hide it would never apply (the validator warns so). The review says it is removed.
    next = setAt(next, ['tools', tool], undefined);
    if (!hide.includes(tool)) next = { ...next, hide: [...hide, tool] };
  } else if (mode === 'default') next = setAt(next, ['tools', tool], undefined);
  else next = setAt(next, ['tools', tool], ruleFor(mode, previous, () => options.start ?? {}));
  return pruneEmpty(next);
}

export function riskMode(doc: JsonObject, riskClass: string): RiskMode {
  return ruleMode(getAt(doc, ['risk', riskClass]));
}

export function setRiskMode(doc: JsonObject, riskClass: string, mode: RiskMode): JsonObject {
  const previous = getAt(doc, ['risk', riskClass]);
  const fallback = (): JsonObject => (doc.default === 'allow' ? {} : { action: doc.default === 'approve' ? 'approve' : 'deny' });
  const rule = mode === 'default' ? undefined : ruleFor(mode, previous, fallback);
  return pruneEmpty(setAt(doc, ['risk', riskClass], rule));
}

/**
 * "Rate-limit this tool": adds a call limit to the tool's rule (unhiding it). A tool without
 * a rule of its own starts from `start`, the rule that decides now, so a denied tool stays denied.
 */
export function addToolRateLimit(doc: JsonObject, tool: string, max: number, window: LimitWindow, start: JsonObject = {}): JsonObject {
  const hide = hideList(doc);
  let next = hide.includes(tool) ? { ...doc, hide: hide.filter((h) => h !== tool) } : doc;
  const rule = getAt(next, ['tools', tool]);
  const base: JsonObject = isObject(rule) ? rule : start;
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
