// A validated policy, compiled once into what decisions need: rules with their conditions
// and limits ready to run, and matchers for `tools` keys and `hide` entries.
//
// Rule resolution for a tool: exact `tools` key, then the most specific matching glob
// (see compareGlobSpecificity for tie-breaks), then the `risk` rule for the tool's class
// (unclassified tools skip this step), then `default`. `hide` is checked before all of it.
//
// Shadow rules and limits (`"mode": "shadow"`) are left out of the compiled policy the
// gateway enforces, so a call proceeds as if they were absent; a second view, `shadow`,
// compiled only when the document has any, holds them as if enforced (their limits in
// counters of their own) for the engine to record what they would have decided.
import { childPath } from '../../../shared/policy/json-path.js';
import { DEFAULT_APPROVAL_TIMEOUT_S, REQUEST_SECTIONS, type ApprovalChannel, type Policy, type PolicyAction, type PolicyLimit, type StoreUnreachableMode, type ToolRule } from '../../../shared/policy/types.js';
import type { RiskClass } from '../../../shared/risk.js';
import { policyRevision } from './policy-revision.js';
import { compileCondition, type CompiledCondition } from './conditions.js';
import { compileLimit, compileRateLimit, type CompiledLimit } from './limits.js';
import { ToolMatcher } from './tool-matcher.js';
import { compileRequestRules, type CompiledRequestRules } from './request-rules.js';

export interface CompiledRule {
  /** `tools.<key>`, `risk.<class>` or `default`. */
  path: string;
  kind: 'tool' | 'risk' | 'default';
  action: PolicyAction;
  reason?: string;
  require: CompiledCondition[];
  denyIf: CompiledCondition[];
  /** all_tools limits first, then the rule's own (and its rate_limit). */
  limits: CompiledLimit[];
  /** Where argument checking was switched on (`validate_schema` or `tools.x.validate_schema`); undefined when off. */
  validateSchema: string | undefined;
  approvalTimeoutSeconds: number;
  /** `approval.via`; undefined: the tray only. */
  approvalVia?: readonly ApprovalChannel[];
  /** In the shadow view: the rule is a shadow rule. */
  shadow: boolean;
  /** In the shadow view: the rule is a shadow rule or counts a shadow limit, so a call it governs gets a shadow verdict. */
  touchesShadow: boolean;
  /** The rule's own `store_unreachable` (team mode); undefined: the policy's, for read tools, else deny. */
  storeUnreachable?: StoreUnreachableMode;
}

/** Which rules a compiled view holds: the enforced ones only, or every one with shadows as if enforced. */
type View = 'enforce' | 'shadow';

export interface CompiledPolicy {
  source: Policy;
  /** policyRevision(source). */
  revision: string;
  /** Present when the document has shadow rules or limits: the view with them enforced. */
  shadow?: CompiledPolicy;
  tools: ToolMatcher<CompiledRule>;
  hide: ToolMatcher<number>;
  risk: Map<RiskClass, CompiledRule>;
  defaultRule: CompiledRule;
  /** all_tools.reason: what the agent is told when an all_tools limit runs out. */
  allToolsReason?: string;
  redact: readonly string[];
  /** The policy's `store_unreachable`: applies to tools in risk class read whose rule sets none. */
  storeUnreachable?: StoreUnreachableMode;
  /** Everything but tools/call and tools/list. */
  requests: CompiledRequestRules;
}

/** Compiles a policy that validatePolicy accepted (throws on anything it would have refused). */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const revision = policyRevision(policy);
  const enforced = compileView(policy, 'enforce', revision);
  if (hasShadowParts(policy)) enforced.shadow = compileView(policy, 'shadow', revision);
  return enforced;
}

function compileView(policy: Policy, view: View, revision: string): CompiledPolicy {
  const included = (mode: string | undefined) => view === 'shadow' || mode !== 'shadow';
  const limitsOf = (list: readonly PolicyLimit[] | undefined, path: string, ruleShadow: boolean): CompiledLimit[] =>
    (list ?? []).flatMap((limit, i) => (included(limit.mode) ? [compileLimit(limit, `${path}[${i}]`, ruleShadow || limit.mode === 'shadow')] : []));
  const allToolsLimits = limitsOf(policy.all_tools?.limits, 'all_tools.limits', false);
  const policyValidate = policy.validate_schema === true;
  const compileRule = (rule: ToolRule, path: string, kind: CompiledRule['kind']): CompiledRule => {
    const shadow = rule.mode === 'shadow';
    const own = limitsOf(rule.limits, childPath(path, 'limits'), shadow);
    if (rule.rate_limit && included(rule.rate_limit.mode)) own.push(compileRateLimit(rule.rate_limit, path, shadow || rule.rate_limit.mode === 'shadow'));
    const reason = rule.reason ?? rule.on_deny;
    const limits = [...allToolsLimits, ...own];
    return {
      path,
      kind,
      action: rule.action ?? 'allow',
      ...(reason !== undefined ? { reason } : {}),
      require: (rule.require ?? []).map((c, i) => compileCondition(c, `${childPath(path, 'require')}[${i}]`)),
      denyIf: (rule.deny_if ?? []).map((c, i) => compileCondition(c, `${childPath(path, 'deny_if')}[${i}]`)),
      limits,
      validateSchema: rule.validate_schema === undefined ? (policyValidate ? 'validate_schema' : undefined) : rule.validate_schema ? `${path}.validate_schema` : undefined,
      approvalTimeoutSeconds: rule.approval?.timeout_s ?? DEFAULT_APPROVAL_TIMEOUT_S,
      ...(rule.approval?.via ? { approvalVia: rule.approval.via } : {}),
      shadow,
      touchesShadow: shadow || limits.some((limit) => limit.shadow),
      ...(rule.store_unreachable !== undefined ? { storeUnreachable: rule.store_unreachable } : {}),
    };
  };

  const toolRules = Object.entries(policy.tools ?? {})
    .filter(([, rule]) => included(rule.mode))
    .map(([key, rule]): [string, CompiledRule] => [key, compileRule(rule, childPath('tools', key), 'tool')]);
  const risk = new Map<RiskClass, CompiledRule>();
  for (const [riskClass, rule] of Object.entries(policy.risk ?? {}) as [RiskClass, ToolRule][]) {
    if (included(rule.mode)) risk.set(riskClass, compileRule(rule, childPath('risk', riskClass), 'risk'));
  }
  const defaultRule = compileRule({ action: policy.default }, 'default', 'default');

  setRetention([...allToolsLimits, ...toolRules.flatMap(([, r]) => r.limits), ...[...risk.values()].flatMap((r) => r.limits)]);

  return {
    source: policy,
    revision,
    tools: new ToolMatcher(toolRules, 'specificity'),
    hide: new ToolMatcher((policy.hide ?? []).map((pattern, i): [string, number] => [pattern, i]), 'first'),
    risk,
    defaultRule,
    ...(policy.all_tools?.reason !== undefined ? { allToolsReason: policy.all_tools.reason } : {}),
    redact: policy.redact ?? [],
    ...(policy.store_unreachable !== undefined ? { storeUnreachable: policy.store_unreachable } : {}),
    requests: compileRequestRules(policy, view),
  };
}

/** Whether any rule or limit in the document is in shadow mode. */
export function hasShadowParts(policy: Policy): boolean {
  const isShadow = (value: unknown) => typeof value === 'object' && value !== null && (value as { mode?: unknown }).mode === 'shadow';
  const ruleHasShadow = (rule: ToolRule) => isShadow(rule) || isShadow(rule.rate_limit) || (rule.limits ?? []).some(isShadow);
  if ((policy.all_tools?.limits ?? []).some(isShadow)) return true;
  if (Object.values(policy.tools ?? {}).some(ruleHasShadow) || Object.values(policy.risk ?? {}).some((rule) => rule !== undefined && ruleHasShadow(rule))) return true;
  for (const section of [policy.resources, policy.prompts]) if (Object.values(section?.rules ?? {}).some(isShadow)) return true;
  return REQUEST_SECTIONS.some((section) => isShadow(policy[section]));
}

/** The rule that applies to a tool that is not hidden. */
export function resolveRule(compiled: CompiledPolicy, name: string, riskClass: RiskClass | undefined): CompiledRule {
  return compiled.tools.match(name) ?? (riskClass === undefined ? undefined : compiled.risk.get(riskClass)) ?? compiled.defaultRule;
}

/** Each counter's log is kept for the longest window of any limit on it, so no window loses entries. */
function setRetention(limits: CompiledLimit[]): void {
  const longest = new Map<string, number>();
  const key = (limit: CompiledLimit) => (limit.shadow ? `shadow:${limit.counter}` : limit.counter);
  for (const limit of limits) longest.set(key(limit), Math.max(longest.get(key(limit)) ?? 0, limit.windowMs));
  for (const limit of limits) limit.retainMs = longest.get(key(limit)) ?? limit.windowMs;
}
