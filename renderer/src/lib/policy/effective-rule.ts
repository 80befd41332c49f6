// Which part of a policy applies to a tool, in the engine's order: hide, then the
// `tools` key (exact beats glob, a longer glob beats a shorter one), then the risk rule
// for the tool's class, then the default. For labels in the catalog and the builder.
import { compareGlobSpecificity, isGlob, matchesGlob } from '../../../../shared/policy/glob.js';
import { childPath } from '../../../../shared/policy/json-path.js';
import { parseDocPath } from './doc-path.js';
import { getAt, isObject, type JsonObject } from './policy-draft.js';
import { CUSTOM_KEYS, hiddenBy, hideList, ruleMode, type ToolMode } from './tool-modes.js';

export interface EffectiveRule {
  /** The mode the tool shows with (exact key only: `default` when a glob, risk rule or the default decides). */
  mode: ToolMode;
  /** What decides: `hide[0]`, `tools.x`, `tools["odoo_*"]`, `risk.read`, `default`. */
  rule: string;
  /** allow / deny / approve / hidden, and whether conditions or limits apply too. */
  action: 'allow' | 'deny' | 'approve' | 'hidden';
  conditional: boolean;
  text: string;
}

function actionOf(rule: unknown): 'allow' | 'deny' | 'approve' {
  const action = isObject(rule) ? rule.action : undefined;
  return action === 'deny' || action === 'approve' ? action : 'allow';
}

const VERBS = { allow: 'Allowed', deny: 'Denied', approve: 'Needs approval', hidden: 'Hidden' } as const;

export function effectiveRule(doc: JsonObject, tool: string, riskClass?: string): EffectiveRule {
  const hide = hiddenBy(doc, tool);
  if (hide !== undefined) {
    const index = (doc.hide as unknown[]).indexOf(hide);
    const rule = `hide[${index}]`;
    return { mode: hide === tool ? 'hide' : 'default', rule, action: 'hidden', conditional: false, text: `Hidden from clients by ${rule} ('${hide}').` };
  }
  const tools = isObject(doc.tools) ? doc.tools : {};
  let key: string | undefined = tool in tools ? tool : undefined;
  if (key === undefined) {
    const globs = Object.keys(tools).filter((k) => isGlob(k) && matchesGlob(k, tool));
    globs.sort(compareGlobSpecificity);
    key = globs[0];
  }
  if (key !== undefined) {
    const rule = tools[key];
    const path = childPath('tools', key);
    const action = actionOf(rule);
    const conditional = ruleMode(rule) === 'custom';
    const mode = key === tool ? ruleMode(rule) : 'default';
    return { mode, rule: path, action, conditional, text: `${VERBS[action]} by ${path}${conditional ? ', with limits or conditions' : ''}.` };
  }
  const riskRule = riskClass ? getAt(doc, ['risk', riskClass]) : undefined;
  if (riskClass && riskRule !== undefined) {
    const action = actionOf(riskRule);
    const conditional = ruleMode(riskRule) === 'custom';
    return { mode: 'default', rule: `risk.${riskClass}`, action, conditional, text: `No rule names it: the rule for ${riskClass} tools applies (${VERBS[action].toLowerCase()}).` };
  }
  const fallback = doc.default === 'allow' || doc.default === 'approve' ? doc.default : 'deny';
  return { mode: 'default', rule: 'default', action: fallback, conditional: false, text: `No rule names it: the default applies (${VERBS[fallback].toLowerCase()}).` };
}

const START_KEYS = ['action', 'reason', 'on_deny', 'approval', ...CUSTOM_KEYS];

/** A copy of the parts of a rule that decide (action, reason, limits, conditions), for a Custom rule to start from. */
function decidingParts(rule: unknown): JsonObject {
  const out: JsonObject = {};
  if (isObject(rule)) for (const key of START_KEYS) if (rule[key] !== undefined) out[key] = rule[key];
  return out;
}

/** The rule that decides for `tool` now, without its own exact rule: the most specific glob, its risk rule, else the default. */
export function startingRule(doc: JsonObject, tool: string, riskClass?: string): JsonObject {
  const effective = effectiveRule({ ...doc, hide: hideList(doc).filter((h) => h !== tool) }, tool, riskClass);
  if (effective.rule === 'default' || effective.action === 'hidden') return effective.action === 'allow' ? {} : { action: effective.action === 'hidden' ? 'deny' : effective.action };
  const rule = getAt(doc, parseDocPath(effective.rule));
  return decidingParts(rule);
}
