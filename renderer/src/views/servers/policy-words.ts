// A recommended policy in words, for the review before it applies: what happens to the
// server's tools (counted per risk class from its catalog), to the tools with a rule of their
// own, and to everything else. Lines, not prose, so a person can scan them. A rule is worded
// as in every policy review (shared/policy/policy-rule-words.ts).
import type { CatalogEntry } from '../../../../shared/catalog.js';
import type { Policy, RequestRuleSpec, ToolRule } from '../../../../shared/policy/types.js';
import { describeLimit, describeToolRule } from '../../../../shared/policy/policy-rule-words.js';
import { REQUEST_SECTIONS } from '../../../../shared/policy/types.js';
import type { RiskClass } from '../../../../shared/risk.js';

export interface PolicyLine {
  what: string;
  /** allow / deny / approve: the verdict's colour. */
  action: 'allow' | 'deny' | 'approve';
  detail: string;
}

const VERB = { allow: 'allowed', deny: 'denied', approve: 'a person approves each call' } as const;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function describePolicy(policy: Policy, catalog: readonly CatalogEntry[]): PolicyLine[] {
  const lines: PolicyLine[] = [];
  const named = new Set(Object.keys(policy.tools ?? {}));
  const byClass = new Map<RiskClass, number>();
  for (const entry of catalog) if (!named.has(entry.name)) byClass.set(entry.class, (byClass.get(entry.class) ?? 0) + 1);
  for (const [riskClass, rule] of Object.entries(policy.risk ?? {}) as [RiskClass, ToolRule][]) {
    const count = byClass.get(riskClass) ?? 0;
    if (catalog.length > 0 && count === 0) continue; // no such tool: nothing to say
    lines.push({ what: catalog.length ? `${plural(count, `${riskClass} tool`)}` : `${riskClass} tools`, action: rule.action ?? 'allow', detail: describeToolRule(rule) });
  }
  for (const [name, rule] of Object.entries(policy.tools ?? {})) lines.push({ what: name, action: rule.action ?? 'allow', detail: `${describeToolRule(rule)}${rule.reason ? ` — ${rule.reason}` : ''}` });
  if (policy.hide?.length) lines.push({ what: `hidden: ${policy.hide.join(', ')}`, action: 'deny', detail: 'not listed, and refused' });
  if (policy.all_tools?.limits?.length) lines.push({ what: 'every tool together', action: 'allow', detail: policy.all_tools.limits.map(describeLimit).join(', ') });
  const requests = REQUEST_SECTIONS.flatMap((section) => {
    const spec: RequestRuleSpec | undefined = policy[section];
    if (spec === undefined) return [];
    const action = typeof spec === 'string' ? spec : (spec.action ?? 'allow');
    return [`${section}: ${VERB[action]}`];
  });
  if (requests.length) lines.push({ what: 'other requests', action: 'allow', detail: requests.join('; ') });
  lines.push({ what: 'anything no rule names', action: policy.default, detail: VERB[policy.default] });
  return lines;
}
