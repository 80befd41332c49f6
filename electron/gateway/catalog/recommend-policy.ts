// "Recommend a policy": a starting policy for a server, written from its catalog, for a
// person to review and save. Risk classes carry most of it (read → allow, write → allow
// with a rate limit, execute → rate limit and argument validation, destructive and
// financial → approve); tools whose level or annotations call for more get their own rule.
import type { RiskClass } from '../../../shared/risk.js';
import type { CatalogEntry } from '../../../shared/catalog.js';
import type { Policy, PolicyLimit, ToolRule } from '../../../shared/policy/types.js';
import { recommendedRequestSections } from '../policy/recommended-requests.js';

const limit = (counter: string, max: number): PolicyLimit => ({ counter, window: 'minute', max, scope: 'grant' });

/** One rule per class; `risk` rules apply to every tool the `tools` rules do not name. */
export const RECOMMENDED_RISK_RULES: Record<RiskClass, ToolRule> = {
  read: { action: 'allow', reason: 'Reading is allowed' },
  write: { action: 'allow', limits: [limit('write_calls', 30)], reason: 'Changes are allowed, up to 30 a minute per client' },
  execute: {
    action: 'allow',
    limits: [limit('execute_calls', 10)],
    validate_schema: true,
    reason: "Running things is allowed, up to 10 a minute per client, with arguments checked against the tool's schema",
  },
  destructive: { action: 'approve', approval: { timeout_s: 50 }, reason: 'Deleting or overwriting data needs a person to approve it' },
  financial: { action: 'approve', approval: { timeout_s: 50 }, reason: 'Anything that touches money needs a person to approve it' },
};

/** The decisive evidence, without the class it led to: "name contains 'env'". */
function evidence(entry: CatalogEntry): string {
  const first = entry.risk.reasons[0] ?? '';
  return first.split(' → ')[0] ?? first;
}

/** A rule of its own for a tool the class rule would treat too lightly; undefined when the class rule fits. */
function toolRule(entry: CatalogEntry): ToolRule | undefined {
  const approves = RECOMMENDED_RISK_RULES[entry.class].action === 'approve';
  if (entry.risk.mismatch && !entry.override) {
    return { action: 'approve', approval: { timeout_s: 50 }, reason: `Its annotations contradict what it says it does (${evidence(entry)}): a person approves each call` };
  }
  if (entry.level === 'critical' && !approves) {
    return { action: 'approve', approval: { timeout_s: 50 }, reason: `Critical ${entry.class} tool (${evidence(entry)}): a person approves each call` };
  }
  if (entry.level === 'high' && entry.class === 'read') {
    return { action: 'approve', approval: { timeout_s: 50 }, reason: `May expose secrets (${evidence(entry)}): a person approves each call` };
  }
  if (entry.level === 'high' && entry.class === 'write') {
    return { action: 'allow', limits: [limit(`${entry.name}_calls`, 10)], reason: `High-risk write (${evidence(entry)}): up to 10 a minute per client` };
  }
  return undefined;
}

export function recommendPolicy(serverId: string, entries: CatalogEntry[]): Policy {
  const listed = entries.filter((e) => e.status !== 'removed');
  const counts = new Map<RiskClass, number>();
  for (const entry of listed) counts.set(entry.class, (counts.get(entry.class) ?? 0) + 1);
  const summary = [...counts].map(([cls, n]) => `${n} ${cls}`).join(', ');

  const ruled: Array<[string, ToolRule]> = [];
  for (const entry of [...listed].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rule = toolRule(entry);
    if (rule) ruled.push([entry.name, rule]);
  }

  const policy: Policy = {
    version: '1',
    description: `Recommended by Portcullis for '${serverId}' from its catalog of ${listed.length} tools (${summary || 'none'}). Review it before saving.`,
    // Tools the catalog has not classified yet (listed after this was written) wait for a person.
    default: 'approve',
    all_tools: { limits: [limit('all', 120)] },
    risk: structuredClone(RECOMMENDED_RISK_RULES),
  };
  // fromEntries defines keys, so even a tool named `__proto__` becomes a plain key.
  if (ruled.length > 0) policy.tools = Object.fromEntries(ruled);
  return { ...policy, ...recommendedRequestSections() };
}
