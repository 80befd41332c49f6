// The policy tests file, `policies/<server>.tests.json`: parsed and checked like a policy,
// every problem with its JSON path (`cases[2].expect: expected allow, deny, …`).
import { DECISION_OUTCOMES, type PolicyTestCase, type PolicyTestsFile } from './policy-replay.js';
import { parseJsonText } from './policy/json-text.js';
import { childPath, describeValue } from './policy/json-path.js';
import type { PolicyIssue } from './policy/types.js';
import { IssueSink, checkEnum, checkObject, checkPositiveNumber, checkString, isObject } from './policy/validate-parts.js';

export type PolicyTestsParse = { ok: true; file: PolicyTestsFile } | { ok: false; errors: PolicyIssue[] };

const FILE_KEYS = ['$schema', 'description', 'cases'] as const;
const CALL_KEYS = ['tool', 'method', 'target', 'arguments', 'grant'] as const;
const CASE_KEYS = [...CALL_KEYS, 'name', 'expect', 'rule', 'before'] as const;
const BEFORE_KEYS = [...CALL_KEYS, 'times'] as const;
/** A preceding call may repeat; bounded so a typo cannot make a run take minutes. */
const MAX_TIMES = 100_000;

export function parsePolicyTestsText(text: string): PolicyTestsParse {
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.problem;
    return { ok: false, errors: [{ path: '', message: `not valid JSON at line ${line}, column ${column}: ${message}`, line, column }] };
  }
  return validatePolicyTests(parsed.value);
}

export function validatePolicyTests(doc: unknown): PolicyTestsParse {
  const sink = new IssueSink();
  const file = checkObject(sink, '', doc, FILE_KEYS, 'an object like {"cases": [{"tool": "get-sum", "arguments": {}, "expect": "allow"}]}');
  if (file) {
    if ('description' in file) checkString(sink, 'description', file.description, false);
    if (!Array.isArray(file.cases)) sink.error('cases', `expected a list of test cases, got ${describeValue(file.cases)}`);
    else file.cases.forEach((item, i) => checkCase(sink, childPath('cases', i), item));
  }
  if (sink.errors.length > 0) return { ok: false, errors: sink.errors };
  return { ok: true, file: doc as PolicyTestsFile };
}

function checkCase(sink: IssueSink, path: string, value: unknown): void {
  const testCase = checkObject(sink, path, value, CASE_KEYS, 'a case like {"tool": "get-sum", "arguments": {}, "expect": "allow"}');
  if (!testCase) return;
  checkCall(sink, path, testCase);
  if ('name' in testCase) checkString(sink, childPath(path, 'name'), testCase.name);
  if (!('expect' in testCase)) sink.error(childPath(path, 'expect'), 'required but missing');
  else checkEnum(sink, childPath(path, 'expect'), testCase.expect, DECISION_OUTCOMES);
  if ('rule' in testCase) checkString(sink, childPath(path, 'rule'), testCase.rule);
  if (!('before' in testCase)) return;
  const beforePath = childPath(path, 'before');
  if (!Array.isArray(testCase.before)) {
    sink.error(beforePath, `expected a list of calls made first, got ${describeValue(testCase.before)}`);
    return;
  }
  testCase.before.forEach((item, i) => {
    const callPath = childPath(beforePath, i);
    const call = checkObject(sink, callPath, item, BEFORE_KEYS, 'a call like {"tool": "get-sum", "times": 3}');
    if (!call) return;
    checkCall(sink, callPath, call);
    if ('times' in call) {
      checkPositiveNumber(sink, childPath(callPath, 'times'), call.times, true);
      if (typeof call.times === 'number' && call.times > MAX_TIMES) sink.error(childPath(callPath, 'times'), `at most ${MAX_TIMES}`);
    }
  });
}

function checkCall(sink: IssueSink, path: string, call: Record<string, unknown>): void {
  const hasTool = 'tool' in call;
  const hasMethod = 'method' in call;
  if (hasTool === hasMethod) sink.error(path, hasTool ? 'give "tool" or "method", not both' : 'needs "tool" (a tool call) or "method" (another request)');
  if (hasTool) checkString(sink, childPath(path, 'tool'), call.tool);
  if (hasMethod) {
    if (checkString(sink, childPath(path, 'method'), call.method) && call.method === 'tools/call') sink.error(childPath(path, 'method'), 'for a tool call write "tool": "<name>"');
  }
  if ('target' in call) {
    checkString(sink, childPath(path, 'target'), call.target);
    if (hasTool) sink.error(childPath(path, 'target'), 'only for "method" cases (a resource URI or a prompt name)');
  }
  if ('arguments' in call && !isObject(call.arguments)) sink.error(childPath(path, 'arguments'), `expected an object, got ${describeValue(call.arguments)}`);
  if ('grant' in call) checkString(sink, childPath(path, 'grant'), call.grant);
}

/** What a case is called in a report: its name, else its call (`get-sum`, `resources/read memory://x`). */
export function caseName(testCase: PolicyTestCase): string {
  if (testCase.name !== undefined) return testCase.name;
  if (testCase.tool !== undefined) return testCase.tool;
  return testCase.target !== undefined ? `${testCase.method ?? ''} ${testCase.target}` : (testCase.method ?? '');
}
