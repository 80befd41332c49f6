// Which part of a policy applies to a tool, in the engine's order: hide, then the
// `tools` key (exact beats glob, a longer glob beats a shorter one), then the risk rule
// for the tool's class, then the default. For labels in the catalog and the builder.
import { isGlob, matchesGlob } from '../../../../shared/policy/glob.js';
import { childPath } from '../../../../shared/policy/json-path.js';
import { getAt, isObject, type JsonObject } from './policy-draft.js';
import { hiddenBy, ruleMode, type ToolMode } from './tool-modes.js';

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
    globs.sort((a, b) => b.length - a.length);
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
