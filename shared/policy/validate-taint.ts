// Validation of the `taint` section: rules that follow a session's history.
import { RISK_CLASSES } from '../risk.js';
import { checkToolPattern } from './glob.js';
import { childPath, describeValue } from './json-path.js';
import { IssueSink, checkBoolean, checkEnum, checkObject, checkPositiveNumber, checkRequired, checkString, checkStringList, type JsonObject } from './validate-parts.js';

const RULE_KEYS = ['after', 'then', 'action', 'reason', 'approval'] as const;

export function checkTaintSection(sink: IssueSink, value: unknown): void {
  if (!Array.isArray(value)) {
    sink.error('taint', `expected a list of rules such as [{"after": {"open_world_read": true}, "then": {"classes": ["write"]}, "action": "approve"}], got ${describeValue(value)}`);
    return;
  }
  value.forEach((rule, i) => checkTaintRule(sink, childPath('taint', i), rule));
}

function checkTaintRule(sink: IssueSink, path: string, value: unknown): void {
  const rule = checkObject(sink, path, value, RULE_KEYS, 'a rule like {"after": {...}, "then": {...}, "action": "approve"}');
  if (!rule) return;
  checkRequired(sink, path, rule, ['after', 'then', 'action']);
  if ('after' in rule) checkMatch(sink, childPath(path, 'after'), rule.after, true);
  if ('then' in rule) checkMatch(sink, childPath(path, 'then'), rule.then, false);
  if ('action' in rule) checkEnum(sink, childPath(path, 'action'), rule.action, ['approve', 'deny']);
  if ('reason' in rule) checkString(sink, childPath(path, 'reason'), rule.reason);
  if ('approval' in rule) {
    const approval = checkObject(sink, childPath(path, 'approval'), rule.approval, ['timeout_s'], 'an object like {"timeout_s": 60}');
    if (approval && 'timeout_s' in approval) checkPositiveNumber(sink, childPath(childPath(path, 'approval'), 'timeout_s'), approval.timeout_s, false);
    if (rule.action === 'deny') sink.warn(childPath(path, 'approval'), 'never applies: the rule denies, it does not ask for approval');
  }
}

function checkMatch(sink: IssueSink, path: string, value: unknown, after: boolean): void {
  const keys = after ? ['tools', 'classes', 'open_world_read'] : ['tools', 'classes'];
  const match = checkObject(sink, path, value, keys, after ? 'an object like {"open_world_read": true} or {"tools": ["fetch"]}' : 'an object like {"tools": ["send_email"]} or {"classes": ["write"]}');
  if (!match) return;
  if ('tools' in match) checkStringList(sink, childPath(path, 'tools'), match.tools, after ? checkQualifiedPattern : checkToolPattern);
  if ('classes' in match) {
    checkStringList(sink, childPath(path, 'classes'), match.classes, (item) =>
      (RISK_CLASSES as readonly string[]).includes(item) ? undefined : `unknown risk class '${item}'; the classes are ${RISK_CLASSES.join(', ')}`,
    );
  }
  if ('open_world_read' in match) checkBoolean(sink, childPath(path, 'open_world_read'), match.open_world_read);
  if (!matchesAnything(match)) sink.error(path, after ? 'names no call: give tools, classes or "open_world_read": true' : 'names no tool: give tools or classes');
}

/** `tool` or `server/tool`, each part a name or a glob. */
function checkQualifiedPattern(pattern: string): string | undefined {
  const parts = pattern.split('/');
  if (parts.length > 2) return `expected 'tool' or 'server/tool', got '${pattern}'`;
  for (const part of parts) {
    const problem = checkToolPattern(part);
    if (problem) return problem;
  }
  return undefined;
}

function matchesAnything(match: JsonObject): boolean {
  const list = (v: unknown) => Array.isArray(v) && v.length > 0;
  return list(match.tools) || list(match.classes) || match.open_world_read === true;
}
