// One rule in words a person reads ("allowed, at most 60 a minute, only if args.mode =
// "read""), and its facts in the form the change describer compares them in. Works on
// raw JSON, so a draft that does not validate yet still reads as something.
import { showValue } from './json-path.js';
import { DEFAULT_APPROVAL_TIMEOUT_S, type ConditionOp, type PolicyAction } from './types.js';
import { WINDOW_UNIT_SECONDS } from './window.js';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** JSON with object keys sorted: equal values give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** How permissive an action is: a higher rank lets more through. */
export const ACTION_RANK: Record<PolicyAction, number> = { deny: 0, approve: 1, allow: 2 };

function asAction(value: unknown): PolicyAction | undefined {
  return value === 'allow' || value === 'deny' || value === 'approve' ? value : undefined;
}

/** A rule's action: a string rule (`"sampling": "deny"`) is its action; a rule object without one allows. */
export function ruleAction(rule: unknown): PolicyAction {
  if (typeof rule === 'string') return asAction(rule) ?? 'allow';
  return asAction(isJsonObject(rule) ? rule.action : undefined) ?? 'allow';
}

export function ruleTimeout(rule: unknown): number {
  const approval = isJsonObject(rule) ? rule.approval : undefined;
  const timeout = isJsonObject(approval) ? approval.timeout_s : undefined;
  return typeof timeout === 'number' ? timeout : DEFAULT_APPROVAL_TIMEOUT_S;
}

/** `reason`, else PolicyLayer's alias `on_deny`. */
export function ruleReason(rule: unknown): string | undefined {
  if (!isJsonObject(rule)) return undefined;
  if (typeof rule.reason === 'string') return rule.reason;
  return typeof rule.on_deny === 'string' ? rule.on_deny : undefined;
}

export function describeAction(action: PolicyAction, timeoutSeconds = DEFAULT_APPROVAL_TIMEOUT_S): string {
  if (action === 'allow') return 'allowed';
  if (action === 'deny') return 'denied';
  return `asks for approval (times out after ${timeoutSeconds} s)`;
}

const PER_UNIT: Record<string, string> = { second: 'a second', minute: 'a minute', hour: 'an hour', day: 'a day' };

/** Seconds of a window, or undefined when it is not one (an unfinished draft). */
export function windowOf(value: unknown): number | undefined {
  if (typeof value === 'number' && value > 0) return value;
  return typeof value === 'string' && value in WINDOW_UNIT_SECONDS ? WINDOW_UNIT_SECONDS[value as keyof typeof WINDOW_UNIT_SECONDS] : undefined;
}

function describeWindowPhrase(value: unknown): string {
  if (typeof value === 'string' && value in PER_UNIT) return PER_UNIT[value] as string;
  const seconds = windowOf(value);
  return seconds === undefined ? `per ${showValue(value)}` : `per ${seconds} s`;
}

const SCOPE_WORDS: Record<string, string> = { grant: '', session: ' per session', global: ' for all clients together' };

/** "at most 60 a minute", "at most 500 of args.amount a day per session". */
export function describeLimit(limit: unknown): string {
  if (!isJsonObject(limit)) return `a limit ${showValue(limit)}`;
  const amount = typeof limit.increment_from === 'string' ? ` of ${limit.increment_from}` : '';
  const scope = typeof limit.scope === 'string' ? (SCOPE_WORDS[limit.scope] ?? ` per ${limit.scope}`) : '';
  return `at most ${showValue(limit.max)}${amount} ${describeWindowPhrase(limit.window)}${scope}`;
}

/** Each condition operator in words: the builder's operator list and the rule sentences share it. */
export const CONDITION_OP_WORDS: Readonly<Record<ConditionOp, string>> = {
  eq: '=',
  neq: '≠',
  in: 'is one of',
  not_in: 'is not one of',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  regex: 'matches regex',
  contains: 'contains',
  exists: 'exists',
};

/** `args.mode = "read"`, `args.path matches /^\/tmp\//`, `args.force is absent`. */
export function describeCondition(condition: unknown): string {
  if (!isJsonObject(condition)) return showValue(condition);
  const path = typeof condition.path === 'string' ? condition.path : showValue(condition.path);
  if (condition.op === 'exists') return `${path} ${condition.value === false ? 'is absent' : 'is present'}`;
  if (condition.op === 'regex' && typeof condition.value === 'string') return `${path} matches /${condition.value}/`;
  const op = typeof condition.op === 'string' ? ((CONDITION_OP_WORDS as Record<string, string>)[condition.op] ?? condition.op) : showValue(condition.op);
  return `${path} ${op} ${showValue(condition.value)}`;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The rule's limits, with a `rate_limit` shorthand as the limit it stands for. */
export function ruleLimits(rule: unknown): unknown[] {
  if (!isJsonObject(rule)) return [];
  const limits = list(rule.limits);
  return isJsonObject(rule.rate_limit) ? [...limits, { counter: '(rate_limit)', ...rule.rate_limit }] : limits;
}

/**
 * A tool rule (or a risk rule) in words. A denying rule is just "denied": its limits and
 * conditions never apply (the validator warns about them).
 */
export function describeToolRule(rule: unknown): string {
  const action = ruleAction(rule);
  const head = describeAction(action, ruleTimeout(rule));
  if (action === 'deny' || !isJsonObject(rule)) return head;
  const parts = [head, ...ruleLimits(rule).map(describeLimit)];
  const require = list(rule.require);
  // "Otherwise denied": a rule that asked for approval and now requires conditions denies the rest outright.
  if (require.length > 0) parts.push(`only if ${require.map(describeCondition).join(' and ')} (otherwise denied)`);
  const denyIf = list(rule.deny_if);
  if (denyIf.length > 0) parts.push(`denied if ${denyIf.map(describeCondition).join(' or ')}`);
  if (rule.validate_schema === true) parts.push('arguments checked against its schema');
  if (rule.validate_schema === false) parts.push('arguments not checked against its schema');
  return parts.join(', ');
}

/** A resource's, prompt's or request section's rule in words: no limits or conditions there. */
export function describeRequestRule(rule: unknown): string {
  return describeAction(ruleAction(rule), ruleTimeout(rule));
}
