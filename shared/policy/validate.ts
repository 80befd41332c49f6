// Validation of policy documents: every problem, each with its JSON path and a plain
// message, so a person can fix a file in one pass. Unknown keys are errors: a typo
// must never silently disable a rule.
import { RISK_CLASSES } from '../risk.js';
import { checkToolPattern, isGlob, matchesGlob } from './glob.js';
import { parseJsonText } from './json-text.js';
import { childPath, describeValue } from './json-path.js';
import { didYouMean } from './suggest.js';
import {
  IssueSink,
  checkBoolean,
  checkEnum,
  checkLimitList,
  checkObject,
  checkRequired,
  checkRule,
  checkString,
  checkStringList,
  isObject,
  type JsonObject,
} from './validate-parts.js';
import { checkItemSection, checkRequestSections } from './validate-requests.js';
import { checkTaintSection } from './validate-taint.js';
import { POLICY_ACTIONS, REQUEST_SECTIONS, STORE_UNREACHABLE_MODES, type Policy, type PolicyIssue, type PolicyValidation } from './types.js';

const TOP_LEVEL_KEYS = [
  '$schema', 'version', 'description', 'default', 'hide', 'all_tools', 'tools', 'risk', 'validate_schema', 'redact', 'store_unreachable',
  'resources', 'prompts', ...REQUEST_SECTIONS, 'taint',
] as const;

/**
 * What a server without a policy file gets: every call and every other request denied (and,
 * because `default: deny` lists nothing no rule names, no tools, resources or prompts listed)
 * until a policy is written.
 */
export const DEFAULT_DENY_POLICY: Policy = Object.freeze({
  version: '1',
  description: 'No policy file for this server: every call and request is denied until one is written.',
  default: 'deny',
}) as Policy;

export function validatePolicy(doc: unknown): PolicyValidation {
  const sink = new IssueSink();
  const policy = checkObject(sink, '', doc, TOP_LEVEL_KEYS, 'a policy object such as {"version": "1", "default": "deny", "tools": {}}');
  if (policy) checkPolicy(sink, policy);
  if (sink.errors.length > 0) return { ok: false, errors: sink.errors, warnings: sink.warnings };
  return { ok: true, policy: doc as Policy, warnings: sink.warnings };
}

/** Parses and validates the text of a policy file; a JSON syntax error names its line and column. */
export function parsePolicyText(text: string): PolicyValidation {
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.problem;
    return { ok: false, errors: [{ path: '', message: `not valid JSON at line ${line}, column ${column}: ${message}`, line, column }], warnings: [] };
  }
  return validatePolicy(parsed.value);
}

/** One line per problem, as the CLI prints them: `tools.x.limits[0].window: expected …`. */
export function formatIssue(issue: PolicyIssue): string {
  return `${issue.path === '' ? '(document)' : issue.path}: ${issue.message}`;
}

function checkPolicy(sink: IssueSink, policy: JsonObject): void {
  checkRequired(sink, '', policy, ['version', 'default']);
  if ('version' in policy && policy.version !== '1') {
    const hint = policy.version === 1 ? ' (write it as a string: "1")' : '';
    sink.error('version', `expected "1", the only policy version there is, got ${describeValue(policy.version)}${hint}`);
  }
  if ('$schema' in policy) checkString(sink, '$schema', policy.$schema, false);
  if ('description' in policy) checkString(sink, 'description', policy.description, false);
  if ('default' in policy) checkEnum(sink, 'default', policy.default, POLICY_ACTIONS);
  const hide = 'hide' in policy ? checkStringList(sink, 'hide', policy.hide, checkToolPattern) : [];
  if ('all_tools' in policy) {
    const allTools = checkObject(sink, 'all_tools', policy.all_tools, ['limits', 'reason'], 'an object like {"limits": [...]}');
    if (allTools && 'limits' in allTools) checkLimitList(sink, 'all_tools.limits', allTools.limits);
    if (allTools && 'reason' in allTools) checkString(sink, 'all_tools.reason', allTools.reason);
  }
  if ('tools' in policy) checkTools(sink, policy.tools, hide);
  if ('risk' in policy) checkRisk(sink, policy.risk);
  if ('validate_schema' in policy) checkBoolean(sink, 'validate_schema', policy.validate_schema);
  if ('redact' in policy) checkStringList(sink, 'redact', policy.redact);
  if ('store_unreachable' in policy) checkEnum(sink, 'store_unreachable', policy.store_unreachable, STORE_UNREACHABLE_MODES);
  if ('resources' in policy) checkItemSection(sink, 'resources', policy.resources);
  if ('prompts' in policy) checkItemSection(sink, 'prompts', policy.prompts);
  checkRequestSections(sink, policy);
  if ('taint' in policy) checkTaintSection(sink, policy.taint);
  // Needs well-formed limits to compare, so it runs once everything else is fine.
  if (sink.errors.length === 0) checkCounterConsistency(sink, policy);
}

function checkTools(sink: IssueSink, value: unknown, hide: string[]): void {
  if (!isObject(value)) {
    sink.error('tools', `expected an object of rules keyed by tool name or glob, got ${describeValue(value)}`);
    return;
  }
  for (const [key, rule] of Object.entries(value)) {
    const path = childPath('tools', key);
    const problem = checkToolPattern(key);
    if (problem) sink.error(path, problem);
    checkRule(sink, path, rule);
    if (!problem && !isGlob(key)) {
      const hiddenBy = hide.findIndex((pattern) => matchesGlob(pattern, key));
      if (hiddenBy >= 0) sink.warn(path, `never applies: the tool is hidden by hide[${hiddenBy}] ('${hide[hiddenBy]}')`);
    }
  }
}

function checkRisk(sink: IssueSink, value: unknown): void {
  if (!isObject(value)) {
    sink.error('risk', `expected an object of rules keyed by risk class (${RISK_CLASSES.join(', ')}), got ${describeValue(value)}`);
    return;
  }
  for (const [key, rule] of Object.entries(value)) {
    const path = childPath('risk', key);
    if (!(RISK_CLASSES as readonly string[]).includes(key)) {
      sink.error(path, `unknown risk class '${key}'${didYouMean(key, RISK_CLASSES)}; the classes are ${RISK_CLASSES.join(', ')}`);
    }
    checkRule(sink, path, rule);
  }
}

/**
 * One call counts each counter once, so two limits on the same counter (and scope) that
 * can apply to the same call must count the same thing. all_tools limits apply to every
 * call, so each rule's limits are compared with them and with each other.
 */
function checkCounterConsistency(sink: IssueSink, policy: JsonObject): void {
  type Entry = { path: string; counter: string; scope: string; from: string | undefined };
  const entries = (path: string, list: unknown): Entry[] =>
    Array.isArray(list)
      ? list.filter(isObject).map((limit, i) => ({
          path: childPath(path, i),
          counter: String(limit.counter),
          scope: typeof limit.scope === 'string' ? limit.scope : 'grant',
          from: typeof limit.increment_from === 'string' ? limit.increment_from : undefined,
        }))
      : [];
  const global = entries('all_tools.limits', isObject(policy.all_tools) ? policy.all_tools.limits : undefined);
  const compare = (list: Entry[], reportGlobal: boolean) => {
    const seen = new Map<string, Entry>();
    for (const entry of list) {
      const key = `${entry.counter}\u0000${entry.scope}`;
      const first = seen.get(key);
      if (!first) seen.set(key, entry);
      else if (first.from !== entry.from && (reportGlobal || !entry.path.startsWith('all_tools'))) {
        const what = (e: Entry) => (e.from === undefined ? 'calls' : e.from);
        sink.error(
          entry.path,
          `counter '${entry.counter}' counts ${what(entry)} here but ${what(first)} in ${first.path}; limits on one counter that apply to the same call must count the same thing`,
        );
      }
    }
  };
  compare(global, true);
  for (const section of ['tools', 'risk'] as const) {
    const rules = policy[section];
    if (!isObject(rules)) continue;
    for (const [key, rule] of Object.entries(rules)) {
      if (isObject(rule)) compare([...global, ...entries(childPath(childPath(section, key), 'limits'), rule.limits)], false);
    }
  }
}
