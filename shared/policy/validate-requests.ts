// Checks for the sections that govern requests other than tools/call: `resources` and
// `prompts` (rules keyed by URI or name), and the one-rule sections (completion, logging,
// sampling, elicitation, roots). Same style as the tool rules: every problem, with its path.
import { checkToolPattern } from './glob.js';
import { childPath, describeValue } from './json-path.js';
import { IssueSink, checkEnum, checkMode, checkObject, checkPositiveNumber, checkString, checkStringList, isObject } from './validate-parts.js';
import { POLICY_ACTIONS, REQUEST_SECTIONS } from './types.js';

const REQUEST_RULE_KEYS = ['action', 'reason', 'on_deny', 'approval', 'mode'] as const;
const ITEM_SECTION_KEYS = ['default', 'hide', 'rules'] as const;

/** `resources` or `prompts`: {default?, hide?, rules?}. */
export function checkItemSection(sink: IssueSink, path: 'resources' | 'prompts', value: unknown): void {
  const what = path === 'resources' ? 'URI' : 'prompt name';
  const section = checkObject(sink, path, value, ITEM_SECTION_KEYS, `an object like {"default": "deny", "hide": [], "rules": {"<${what} or glob>": {"action": "allow"}}}`);
  if (!section) return;
  if ('default' in section) checkEnum(sink, childPath(path, 'default'), section.default, POLICY_ACTIONS);
  const pattern = (item: string) => checkItemPattern(item, what);
  if ('hide' in section) checkStringList(sink, childPath(path, 'hide'), section.hide, pattern);
  if (!('rules' in section)) return;
  const rulesPath = childPath(path, 'rules');
  if (!isObject(section.rules)) {
    sink.error(rulesPath, `expected an object of rules keyed by ${what} or glob, got ${describeValue(section.rules)}`);
    return;
  }
  for (const [key, rule] of Object.entries(section.rules)) {
    const rulePath = childPath(rulesPath, key);
    const problem = pattern(key);
    if (problem) sink.error(rulePath, problem);
    checkRequestRule(sink, rulePath, rule, false);
  }
}

/** completion, logging, sampling, elicitation, roots: a rule, or an action as a string. */
export function checkRequestSections(sink: IssueSink, policy: Record<string, unknown>): void {
  for (const section of REQUEST_SECTIONS) {
    if (section in policy) checkRequestRule(sink, section, policy[section], true);
  }
}

function checkRequestRule(sink: IssueSink, path: string, value: unknown, shorthand: boolean): void {
  if (shorthand && typeof value === 'string') {
    checkEnum(sink, path, value, POLICY_ACTIONS);
    return;
  }
  const what = shorthand ? '"allow", "deny", "approve" or a rule object like {"action": "approve", "reason": "..."}' : 'a rule object (use {} to allow)';
  const rule = checkObject(sink, path, value, REQUEST_RULE_KEYS, what);
  if (!rule) return;
  if ('action' in rule) checkEnum(sink, childPath(path, 'action'), rule.action, POLICY_ACTIONS);
  if ('reason' in rule) checkString(sink, childPath(path, 'reason'), rule.reason);
  if ('on_deny' in rule) checkString(sink, childPath(path, 'on_deny'), rule.on_deny);
  if ('reason' in rule && 'on_deny' in rule) sink.warn(childPath(path, 'on_deny'), 'both reason and on_deny are set; on_deny is an alias, reason is used');
  checkMode(sink, path, rule);
  if ('approval' in rule) {
    const approvalPath = childPath(path, 'approval');
    const approval = checkObject(sink, approvalPath, rule.approval, ['timeout_s'], 'an object like {"timeout_s": 120}');
    if (approval && 'timeout_s' in approval) checkPositiveNumber(sink, childPath(approvalPath, 'timeout_s'), approval.timeout_s, false);
    if (rule.action !== 'approve') sink.warn(approvalPath, 'ignored: approval applies only when action is approve');
  }
}

/** URIs and prompt names: like tool patterns (only `*` is a wildcard), but a URI may hold `?`, `[`, `{`. */
function checkItemPattern(pattern: string, what: string): string | undefined {
  if (pattern.length === 0) return `expected a ${what} or a glob, got an empty string`;
  if (what === 'URI') return pattern.includes('**') ? `'**' in '${pattern}' means nothing more than '*': write a single *` : undefined;
  return checkToolPattern(pattern);
}
