// The policy for requests other than tools/call, compiled once: which section governs each
// MCP method, and the rules of the `resources` and `prompts` sections with their matchers.
//
// A method with a section of its own (completion, logging, sampling, elicitation, roots)
// takes that section's rule; resources/read and /subscribe take the rule of their URI,
// prompts/get the rule of its prompt; completion takes both its own rule and the rule of
// the prompt or resource it completes. A section that is absent falls back to the
// document's `default`, and so does any method not named here: nothing passes unruled.
// ping, resources/unsubscribe and initialize carry no data and stay open.
import { childPath } from '../../../shared/policy/json-path.js';
import {
  DEFAULT_APPROVAL_TIMEOUT_S,
  REQUEST_SECTIONS,
  type ItemSection,
  type Policy,
  type PolicyAction,
  type RequestRuleSpec,
  type RequestSection,
} from '../../../shared/policy/types.js';
import { ToolMatcher } from './tool-matcher.js';

export interface CompiledRequestRule {
  /** `resources.rules["memory://x"]`, `resources.default`, `sampling`, `default`, … */
  path: string;
  /** `rule`: named by the policy; `default`: reached because no rule matched (section or document default). */
  kind: 'rule' | 'default';
  action: PolicyAction;
  reason?: string;
  approvalTimeoutSeconds: number;
  /** In the shadow view: a shadow rule (its would-be decision is recorded, never applied). */
  shadow: boolean;
}

export type ItemKind = 'resource' | 'prompt';

export interface CompiledItemSection {
  kind: ItemKind;
  rules: ToolMatcher<CompiledRequestRule>;
  hide: ToolMatcher<number>;
  /** The section's path prefix, for `hide[<i>]` paths. */
  path: 'resources' | 'prompts';
  /** The section's own default, or the document's. */
  fallback: CompiledRequestRule;
  /** Paths of its shadow rules (the shadow view's; empty in the enforced one). */
  shadowPaths: ReadonlySet<string>;
}

export interface CompiledRequestRules {
  resources: CompiledItemSection;
  prompts: CompiledItemSection;
  sections: Record<RequestSection, CompiledRequestRule>;
  /** The document's default, for methods the policy format does not name. */
  fallback: CompiledRequestRule;
}

/** How the policy governs a method. */
export type MethodGovernance =
  | { kind: 'open' }
  /** Its target's rule in `resources` or `prompts`. */
  | { kind: 'item'; items: ItemKind }
  /** A section's rule (and for completion, its target's rule too). */
  | { kind: 'section'; section: RequestSection }
  | { kind: 'default' };

const GOVERNANCE: Record<string, MethodGovernance> = {
  ping: { kind: 'open' },
  'resources/unsubscribe': { kind: 'open' },
  'resources/read': { kind: 'item', items: 'resource' },
  'resources/subscribe': { kind: 'item', items: 'resource' },
  'prompts/get': { kind: 'item', items: 'prompt' },
  'completion/complete': { kind: 'section', section: 'completion' },
  'logging/setLevel': { kind: 'section', section: 'logging' },
  'sampling/createMessage': { kind: 'section', section: 'sampling' },
  'elicitation/create': { kind: 'section', section: 'elicitation' },
  'roots/list': { kind: 'section', section: 'roots' },
};
const BY_DEFAULT: MethodGovernance = { kind: 'default' };

export function governanceOf(method: string): MethodGovernance {
  return Object.hasOwn(GOVERNANCE, method) ? (GOVERNANCE[method] as MethodGovernance) : BY_DEFAULT;
}

/** `view`: `enforce` leaves shadow rules out (as if absent); `shadow` holds them as if enforced. */
export function compileRequestRules(policy: Policy, view: 'enforce' | 'shadow' = 'enforce'): CompiledRequestRules {
  const documentDefault: CompiledRequestRule = { path: 'default', kind: 'default', action: policy.default, approvalTimeoutSeconds: DEFAULT_APPROVAL_TIMEOUT_S, shadow: false };
  const included = (spec: RequestRuleSpec | undefined): spec is RequestRuleSpec => spec !== undefined && (view === 'shadow' || typeof spec === 'string' || spec.mode !== 'shadow');
  const sections = {} as Record<RequestSection, CompiledRequestRule>;
  for (const section of REQUEST_SECTIONS) {
    const spec = policy[section];
    sections[section] = included(spec) ? compileRule(spec, section) : documentDefault;
  }
  return {
    resources: compileItems(policy.resources, 'resources', 'resource', documentDefault, included),
    prompts: compileItems(policy.prompts, 'prompts', 'prompt', documentDefault, included),
    sections,
    fallback: documentDefault,
  };
}

function compileRule(spec: RequestRuleSpec, path: string): CompiledRequestRule {
  const rule = typeof spec === 'string' ? { action: spec } : spec;
  const reason = rule.reason ?? rule.on_deny;
  return {
    path,
    kind: 'rule',
    action: rule.action ?? 'allow',
    ...(reason !== undefined ? { reason } : {}),
    approvalTimeoutSeconds: rule.approval?.timeout_s ?? DEFAULT_APPROVAL_TIMEOUT_S,
    shadow: typeof spec !== 'string' && spec.mode === 'shadow',
  };
}

function compileItems(
  section: ItemSection | undefined,
  path: 'resources' | 'prompts',
  kind: ItemKind,
  documentDefault: CompiledRequestRule,
  included: (spec: RequestRuleSpec | undefined) => boolean,
): CompiledItemSection {
  const rulesPath = childPath(path, 'rules');
  const rules = Object.entries(section?.rules ?? {}).filter(([, rule]) => included(rule)).map(([key, rule]): [string, CompiledRequestRule] => [key, compileRule(rule, childPath(rulesPath, key))]);
  const fallback: CompiledRequestRule =
    section?.default === undefined
      ? documentDefault
      : { path: childPath(path, 'default'), kind: 'default', action: section.default, approvalTimeoutSeconds: DEFAULT_APPROVAL_TIMEOUT_S, shadow: false };
  return {
    kind,
    rules: new ToolMatcher(rules, 'specificity'),
    hide: new ToolMatcher((section?.hide ?? []).map((pattern, i): [string, number] => [pattern, i]), 'first'),
    path,
    fallback,
    shadowPaths: new Set(rules.filter(([, rule]) => rule.shadow).map(([, rule]) => rule.path)),
  };
}

/** An item's rule, or its hide entry's index when hidden. */
export function resolveItem(section: CompiledItemSection, name: string): { hidden: number } | { rule: CompiledRequestRule } {
  const hidden = section.hide.match(name);
  if (hidden !== undefined) return { hidden };
  return { rule: section.rules.match(name) ?? section.fallback };
}

/**
 * Whether a list shows an item. Explicit beats silent: an item a rule names stays listed even
 * when that rule denies it (the agent learns the reason when it asks); hidden items and items
 * only the default denies are not listed.
 */
export function isItemListed(section: CompiledItemSection, name: string): boolean {
  const resolved = resolveItem(section, name);
  if ('hidden' in resolved) return false;
  return resolved.rule.kind === 'rule' || resolved.rule.action !== 'deny';
}
