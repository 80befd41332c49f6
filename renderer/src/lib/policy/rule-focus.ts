// Where in the policy editor a decision's rule is shown, so "Open policy" from a call can
// scroll to it and highlight it: a tool's (or pattern's) row, a risk rule, a builder
// section, or, for what the builder does not show (resources, prompts, sampling, …),
// the place in the JSON.
import { parseDocPath } from './doc-path.js';

export type RuleTarget =
  | { kind: 'tool'; key: string }
  | { kind: 'risk'; key: string }
  | { kind: 'section'; key: 'default' | 'all-tools' | 'patterns' }
  | { kind: 'json'; path: string };

/** `rule` as the call log names it (`tools.get-env`, `risk.read`, `hide[0]`, `all_tools.limits[0]`, `default`); `tool` the call's tool. */
export function ruleTarget(rule: string, tool?: string): RuleTarget {
  const [head, key] = parseDocPath(rule);
  if (head === 'tools' && typeof key === 'string') return { kind: 'tool', key };
  if (head === 'risk' && typeof key === 'string') return { kind: 'risk', key };
  if (head === 'all_tools') return { kind: 'section', key: 'all-tools' };
  // A hidden tool's row says which hide entry hides it.
  if (head === 'hide') return tool ? { kind: 'tool', key: tool } : { kind: 'section', key: 'patterns' };
  if (head === 'default') return { kind: 'section', key: 'default' };
  return { kind: 'json', path: rule };
}

