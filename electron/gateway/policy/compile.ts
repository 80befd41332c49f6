// A validated policy, compiled once into what decisions need: rules with their conditions
// and limits ready to run, and matchers for `tools` keys and `hide` entries.
//
// Rule resolution for a tool: exact `tools` key, then the most specific matching glob
// (see compareGlobSpecificity for tie-breaks), then the `risk` rule for the tool's class
// (unclassified tools skip this step), then `default`. `hide` is checked before all of it.
import { childPath } from '../../../shared/policy/json-path.js';
import { DEFAULT_APPROVAL_TIMEOUT_S, type ApprovalChannel, type Policy, type PolicyAction, type ToolRule } from '../../../shared/policy/types.js';
import type { RiskClass } from '../../../shared/risk.js';
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
}

export interface CompiledPolicy {
  source: Policy;
  tools: ToolMatcher<CompiledRule>;
  hide: ToolMatcher<number>;
  risk: Map<RiskClass, CompiledRule>;
  defaultRule: CompiledRule;
  /** all_tools.reason: what the agent is told when an all_tools limit runs out. */
  allToolsReason?: string;
  redact: readonly string[];
  /** Everything but tools/call and tools/list. */
  requests: CompiledRequestRules;
}

/** Compiles a policy that validatePolicy accepted (throws on anything it would have refused). */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const allToolsLimits = (policy.all_tools?.limits ?? []).map((limit, i) => compileLimit(limit, `all_tools.limits[${i}]`));
  const policyValidate = policy.validate_schema === true;
  const compileRule = (rule: ToolRule, path: string, kind: CompiledRule['kind']): CompiledRule => {
    const own = (rule.limits ?? []).map((limit, i) => compileLimit(limit, `${childPath(path, 'limits')}[${i}]`));
    if (rule.rate_limit) own.push(compileRateLimit(rule.rate_limit, path));
    const reason = rule.reason ?? rule.on_deny;
    return {
      path,
      kind,
      action: rule.action ?? 'allow',
      ...(reason !== undefined ? { reason } : {}),
      require: (rule.require ?? []).map((c, i) => compileCondition(c, `${childPath(path, 'require')}[${i}]`)),
      denyIf: (rule.deny_if ?? []).map((c, i) => compileCondition(c, `${childPath(path, 'deny_if')}[${i}]`)),
      limits: [...allToolsLimits, ...own],
      validateSchema: rule.validate_schema === undefined ? (policyValidate ? 'validate_schema' : undefined) : rule.validate_schema ? `${path}.validate_schema` : undefined,
      approvalTimeoutSeconds: rule.approval?.timeout_s ?? DEFAULT_APPROVAL_TIMEOUT_S,
      ...(rule.approval?.via ? { approvalVia: rule.approval.via } : {}),
    };
  };

  const toolRules = Object.entries(policy.tools ?? {}).map(([key, rule]): [string, CompiledRule] => [key, compileRule(rule, childPath('tools', key), 'tool')]);
  const risk = new Map<RiskClass, CompiledRule>();
  for (const [riskClass, rule] of Object.entries(policy.risk ?? {}) as [RiskClass, ToolRule][]) {
    risk.set(riskClass, compileRule(rule, childPath('risk', riskClass), 'risk'));
  }
  const defaultRule = compileRule({ action: policy.default }, 'default', 'default');

  setRetention([...allToolsLimits, ...toolRules.flatMap(([, r]) => r.limits), ...[...risk.values()].flatMap((r) => r.limits)]);

  return {
    source: policy,
    tools: new ToolMatcher(toolRules, 'specificity'),
    hide: new ToolMatcher((policy.hide ?? []).map((pattern, i): [string, number] => [pattern, i]), 'first'),
    risk,
    defaultRule,
    ...(policy.all_tools?.reason !== undefined ? { allToolsReason: policy.all_tools.reason } : {}),
    redact: policy.redact ?? [],
    requests: compileRequestRules(policy),
  };
}

/** The rule that applies to a tool that is not hidden. */
export function resolveRule(compiled: CompiledPolicy, name: string, riskClass: RiskClass | undefined): CompiledRule {
  return compiled.tools.match(name) ?? (riskClass === undefined ? undefined : compiled.risk.get(riskClass)) ?? compiled.defaultRule;
}

/** Each counter's log is kept for the longest window of any limit on it, so no window loses entries. */
function setRetention(limits: CompiledLimit[]): void {
  const longest = new Map<string, number>();
  for (const limit of limits) longest.set(limit.counter, Math.max(longest.get(limit.counter) ?? 0, limit.windowMs));
  for (const limit of limits) limit.retainMs = longest.get(limit.counter) ?? limit.windowMs;
}
