// Checks for the parts of a policy: rules, limits, conditions. Each check reports every
// problem it finds (never stopping at the first) with the JSON path where it is.
import { parseArgPath } from './arg-path.js';
import { compileConditionRegex } from './condition-regex.js';
import { childPath, describeValue } from './json-path.js';
import { didYouMean } from './suggest.js';
import { APPROVAL_CHANNELS, CONDITION_OPS, LIMIT_SCOPES, POLICY_ACTIONS, RULE_MODES, STORE_UNREACHABLE_MODES, WINDOW_UNITS, type ConditionOp, type PolicyIssue } from './types.js';

export class IssueSink {
  readonly errors: PolicyIssue[] = [];
  readonly warnings: PolicyIssue[] = [];
  error(path: string, message: string): void {
    this.errors.push({ path, message });
  }
  warn(path: string, message: string): void {
    this.warnings.push({ path, message });
  }
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The object, with unknown keys reported; undefined (and an error) if it is not an object. */
export function checkObject(sink: IssueSink, path: string, value: unknown, known: readonly string[], what: string): JsonObject | undefined {
  if (!isObject(value)) {
    sink.error(path, `expected ${what}, got ${describeValue(value)}`);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) sink.error(childPath(path, key), `unknown key '${key}'${didYouMean(key, known)}; allowed here: ${known.join(', ')}`);
  }
  return value;
}

export function checkRequired(sink: IssueSink, path: string, object: JsonObject, keys: readonly string[]): void {
  for (const key of keys) if (!(key in object)) sink.error(childPath(path, key), 'required but missing');
}

export function checkEnum(sink: IssueSink, path: string, value: unknown, allowed: readonly string[]): void {
  if (typeof value === 'string' && allowed.includes(value)) return;
  const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
  sink.error(path, `expected ${listOr(allowed)}, got ${describeValue(value)}${hint}`);
}

export function checkString(sink: IssueSink, path: string, value: unknown, nonEmpty = true): value is string {
  if (typeof value === 'string' && (!nonEmpty || value.length > 0)) return true;
  sink.error(path, `expected ${nonEmpty ? 'a non-empty' : 'a'} string, got ${describeValue(value)}`);
  return false;
}

export function checkBoolean(sink: IssueSink, path: string, value: unknown): void {
  if (typeof value !== 'boolean') sink.error(path, `expected true or false, got ${describeValue(value)}`);
}

export function checkPositiveNumber(sink: IssueSink, path: string, value: unknown, whole: boolean): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) sink.error(path, `expected a number greater than 0, got ${describeValue(value)}`);
  else if (value <= 0) sink.error(path, `expected a number greater than 0, got ${value}`);
  else if (whole && !Number.isInteger(value)) sink.error(path, `expected a whole number of calls, got ${value}`);
}

export function checkStringList(sink: IssueSink, path: string, value: unknown, eachCheck?: (item: string) => string | undefined): string[] {
  if (!Array.isArray(value)) {
    sink.error(path, `expected a list of strings, got ${describeValue(value)}`);
    return [];
  }
  const good: string[] = [];
  value.forEach((item, i) => {
    if (!checkString(sink, childPath(path, i), item)) return;
    const problem = eachCheck?.(item);
    if (problem) sink.error(childPath(path, i), problem);
    else good.push(item);
  });
  return good;
}

export function listOr(values: readonly string[]): string {
  return values.length === 1 ? String(values[0]) : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

const RULE_KEYS = ['action', 'reason', 'on_deny', 'limits', 'rate_limit', 'require', 'deny_if', 'validate_schema', 'approval', 'mode', 'store_unreachable'] as const;
const LIMIT_KEYS = ['counter', 'window', 'max', 'scope', 'increment_from', 'mode'] as const;
const RATE_LIMIT_KEYS = ['max', 'window', 'scope', 'mode'] as const;

/** `mode`: `enforce` (the default) or `shadow` (evaluated and logged, never applied). */
export function checkMode(sink: IssueSink, path: string, object: JsonObject): void {
  if ('mode' in object) checkEnum(sink, childPath(path, 'mode'), object.mode, RULE_MODES);
}
const CONDITION_KEYS = ['path', 'op', 'value'] as const;

/** A rule under `tools` or `risk`. */
export function checkRule(sink: IssueSink, path: string, value: unknown): void {
  const rule = checkObject(sink, path, value, RULE_KEYS, 'a rule object (use {} to allow the tool)');
  if (!rule) return;
  if ('action' in rule) checkEnum(sink, childPath(path, 'action'), rule.action, POLICY_ACTIONS);
  if ('reason' in rule) checkString(sink, childPath(path, 'reason'), rule.reason);
  if ('on_deny' in rule) checkString(sink, childPath(path, 'on_deny'), rule.on_deny);
  if ('reason' in rule && 'on_deny' in rule) sink.warn(childPath(path, 'on_deny'), 'both reason and on_deny are set; on_deny is an alias, reason is used');
  if ('limits' in rule) checkLimitList(sink, childPath(path, 'limits'), rule.limits);
  if ('rate_limit' in rule) checkRateLimit(sink, childPath(path, 'rate_limit'), rule.rate_limit);
  for (const key of ['require', 'deny_if'] as const) {
    if (key in rule) checkConditionList(sink, childPath(path, key), rule[key]);
  }
  if ('validate_schema' in rule) checkBoolean(sink, childPath(path, 'validate_schema'), rule.validate_schema);
  checkMode(sink, path, rule);
  if ('approval' in rule) {
    const approvalPath = childPath(path, 'approval');
    const approval = checkObject(sink, approvalPath, rule.approval, ['timeout_s', 'via'], 'an object like {"timeout_s": 50, "via": ["client", "tray"]}');
    if (approval && 'timeout_s' in approval) checkPositiveNumber(sink, childPath(approvalPath, 'timeout_s'), approval.timeout_s, false);
    if (approval && 'via' in approval) checkApprovalVia(sink, childPath(approvalPath, 'via'), approval.via);
    if (rule.action !== 'approve') sink.warn(approvalPath, 'ignored: approval applies only when action is approve');
  }
  if ('store_unreachable' in rule) checkStoreUnreachable(sink, path, rule);
  if (rule.action === 'deny') {
    for (const key of ['limits', 'rate_limit', 'require', 'deny_if'] as const) {
      if (key in rule) sink.warn(childPath(path, key), `ignored: action deny denies every call, so ${key} never applies`);
    }
  }
}

/**
 * Fail-open while the shared store is away is for low-risk tools: never where a person must
 * approve (approvals live in the store) nor for a risk class above `read`.
 */
function checkStoreUnreachable(sink: IssueSink, path: string, rule: Record<string, unknown>): void {
  const at = childPath(path, 'store_unreachable');
  checkEnum(sink, at, rule.store_unreachable, STORE_UNREACHABLE_MODES);
  if (rule.store_unreachable !== 'allow') return;
  if (rule.action === 'approve') sink.error(at, 'cannot be allow on a rule that needs approval: approvals are held in the shared store, so they fail closed');
  else if (path.startsWith('risk.') && path !== 'risk.read') sink.error(at, `cannot be allow for ${path}: fail-open is only for low-risk tools (risk.read, or a tools rule you name)`);
}

/** `approval.via`: a non-empty list of `client` and `tray`, each once. */
function checkApprovalVia(sink: IssueSink, path: string, value: unknown): void {
  if (!Array.isArray(value) || value.length === 0) {
    sink.error(path, `expected a non-empty list of ${listOr(APPROVAL_CHANNELS)}, like ["client", "tray"], got ${Array.isArray(value) ? 'an empty list' : describeValue(value)}`);
    return;
  }
  value.forEach((channel, i) => {
    checkEnum(sink, `${path}[${i}]`, channel, APPROVAL_CHANNELS);
    if (value.indexOf(channel) !== i) sink.error(`${path}[${i}]`, `'${String(channel)}' is listed twice`);
  });
}

export function checkLimitList(sink: IssueSink, path: string, value: unknown): void {
  if (!Array.isArray(value)) {
    sink.error(path, `expected a list of limits like [{"counter": "calls", "window": "minute", "max": 60, "scope": "grant"}], got ${describeValue(value)}`);
    return;
  }
  value.forEach((item, i) => checkLimit(sink, childPath(path, i), item));
}

function checkLimit(sink: IssueSink, path: string, value: unknown): void {
  const limit = checkObject(sink, path, value, LIMIT_KEYS, 'a limit object {counter, window, max, scope}');
  if (!limit) return;
  checkRequired(sink, path, limit, ['counter', 'window', 'max']);
  if ('counter' in limit) checkString(sink, childPath(path, 'counter'), limit.counter);
  if ('window' in limit) checkWindow(sink, childPath(path, 'window'), limit.window);
  if ('max' in limit) checkPositiveNumber(sink, childPath(path, 'max'), limit.max, !('increment_from' in limit));
  if ('scope' in limit) checkEnum(sink, childPath(path, 'scope'), limit.scope, LIMIT_SCOPES);
  if ('increment_from' in limit) checkArgPath(sink, childPath(path, 'increment_from'), limit.increment_from);
  checkMode(sink, path, limit);
}

function checkRateLimit(sink: IssueSink, path: string, value: unknown): void {
  const rate = checkObject(sink, path, value, RATE_LIMIT_KEYS, 'an object like {"max": 10, "window": "minute"}');
  if (!rate) return;
  checkRequired(sink, path, rate, ['max', 'window']);
  if ('max' in rate) checkPositiveNumber(sink, childPath(path, 'max'), rate.max, true);
  if ('window' in rate) checkWindow(sink, childPath(path, 'window'), rate.window);
  if ('scope' in rate) checkEnum(sink, childPath(path, 'scope'), rate.scope, LIMIT_SCOPES);
  checkMode(sink, path, rate);
}

function checkWindow(sink: IssueSink, path: string, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return;
  if (typeof value === 'string' && (WINDOW_UNITS as readonly string[]).includes(value)) return;
  const hint = typeof value === 'string' ? didYouMean(value, WINDOW_UNITS) : '';
  sink.error(path, `expected second, minute, hour, day or a number of seconds, got ${describeValue(value)}${hint}`);
}

function checkArgPath(sink: IssueSink, path: string, value: unknown): void {
  if (!checkString(sink, path, value)) return;
  const parsed = parseArgPath(value);
  if (!parsed.ok) sink.error(path, parsed.message);
}

function checkConditionList(sink: IssueSink, path: string, value: unknown): void {
  if (!Array.isArray(value)) {
    sink.error(path, `expected a list of conditions like [{"path": "args.amount", "op": "lte", "value": 100}], got ${describeValue(value)}`);
    return;
  }
  value.forEach((item, i) => checkCondition(sink, childPath(path, i), item));
}

function checkCondition(sink: IssueSink, path: string, value: unknown): void {
  const condition = checkObject(sink, path, value, CONDITION_KEYS, 'a condition object {path, op, value}');
  if (!condition) return;
  checkRequired(sink, path, condition, ['path', 'op']);
  if ('path' in condition) checkArgPath(sink, childPath(path, 'path'), condition.path);
  if (!('op' in condition)) return;
  const opPath = childPath(path, 'op');
  if (typeof condition.op !== 'string' || !(CONDITION_OPS as readonly string[]).includes(condition.op)) {
    checkEnum(sink, opPath, condition.op, CONDITION_OPS);
    return;
  }
  checkConditionValue(sink, childPath(path, 'value'), condition.op as ConditionOp, condition.value, 'value' in condition);
}

function checkConditionValue(sink: IssueSink, path: string, op: ConditionOp, value: unknown, present: boolean): void {
  if (op === 'exists') {
    if (present) checkBoolean(sink, path, value);
    return;
  }
  if (!present) {
    sink.error(path, `required for op '${op}'`);
    return;
  }
  switch (op) {
    case 'in':
    case 'not_in':
      if (!Array.isArray(value)) sink.error(path, `op '${op}' needs a list of values, got ${describeValue(value)}`);
      return;
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      if (!(typeof value === 'number' && Number.isFinite(value)) && typeof value !== 'string') {
        sink.error(path, `op '${op}' compares with a number (or a string), got ${describeValue(value)}`);
      }
      return;
    case 'regex': {
      if (typeof value !== 'string') {
        sink.error(path, `op 'regex' needs a regular expression as a string, got ${describeValue(value)}`);
        return;
      }
      const compiled = compileConditionRegex(value);
      if (!compiled.ok) sink.error(path, compiled.message);
      return;
    }
    default:
      return; // eq, neq, contains: any JSON value
  }
}
