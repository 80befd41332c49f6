// `require` / `deny_if` conditions: {path, op, value} over a call's arguments.
//
// Semantics, chosen to fail closed:
// - a missing argument makes eq/in/lt/…/regex/contains false, and neq/not_in true;
// - ordering ops (lt lte gt gte) compare numbers with numbers (a numeric string such as
//   "20000" counts as its number) and strings with strings; eq/neq/in/not_in use exact
//   JSON equality (no type coercion);
// - a value that is present but cannot be compared (an object where a number is
//   expected) is "unknown", and unknown denies in both `require` and `deny_if`, so an
//   agent cannot slip past `deny_if: amount > 10000` by sending {"amount": {}}.
// - `exists` (value true by default) means present and not null.
// - `regex` runs on the linear-time engine (shared/policy/linear-regex.ts); a string longer
//   than MAX_REGEX_INPUT is not matched at all: unknown, so the call is denied. A match over
//   INLINE_MATCH_BUDGET runs in the regex worker with a deadline (regex-runner.ts); one that
//   cannot finish there is unknown too.
import type { RE2JS } from 're2js';
import { parseArgPath, readArgPath, type ArgPathSegment } from '../../../shared/policy/arg-path.js';
import { compileConditionRegex } from '../../../shared/policy/condition-regex.js';
import { INLINE_MATCH_BUDGET, matchCost, MAX_REGEX_INPUT } from '../../../shared/policy/linear-regex.js';
import { showValue } from '../../../shared/policy/json-path.js';
import type { ConditionOp, PolicyCondition } from '../../../shared/policy/types.js';
import { sharedRegexRunner } from './regex-runner.js';

export interface CompiledCondition {
  /** Where it is written, e.g. `tools.x.require[0]`. */
  rulePath: string;
  argPath: string;
  segments: ArgPathSegment[];
  op: ConditionOp;
  value: unknown;
  regex?: RE2JS;
}

export type ConditionResult = { outcome: 'true' | 'false' } | { outcome: 'unknown'; why: string };

export function compileCondition(condition: PolicyCondition, rulePath: string): CompiledCondition {
  const parsed = parseArgPath(condition.path);
  if (!parsed.ok) throw new Error(`${rulePath}.path: ${parsed.message}`);
  const compiled: CompiledCondition = { rulePath, argPath: condition.path, segments: parsed.segments, op: condition.op, value: condition.value };
  if (condition.op === 'regex') {
    const regex = compileConditionRegex(String(condition.value));
    if (!regex.ok) throw new Error(`${rulePath}.value: ${regex.message}`);
    compiled.regex = regex.regex;
  }
  return compiled;
}

/** Synchronous unless a `regex` match had to go to the regex worker. */
export function evaluateCondition(condition: CompiledCondition, args: unknown): ConditionResult | Promise<ConditionResult> {
  const actual = readArgPath(args, condition.segments);
  const { op, value } = condition;
  const result = (holds: boolean): ConditionResult => ({ outcome: holds ? 'true' : 'false' });
  const unknown = (expected: string): ConditionResult => ({
    outcome: 'unknown',
    why: `${condition.argPath} is ${showValue(actual)}, not ${expected}`,
  });
  switch (op) {
    case 'exists': {
      const present = actual !== undefined && actual !== null;
      return result(value === false ? !present : present);
    }
    case 'eq':
      return result(actual !== undefined && jsonEqual(actual, value));
    case 'neq':
      return result(actual === undefined || !jsonEqual(actual, value));
    case 'in':
      return result(actual !== undefined && (value as unknown[]).some((v) => jsonEqual(actual, v)));
    case 'not_in':
      return result(actual === undefined || !(value as unknown[]).some((v) => jsonEqual(actual, v)));
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      if (actual === undefined) return result(false);
      const left = typeof value === 'number' ? asNumber(actual) : typeof actual === 'string' ? actual : undefined;
      if (left === undefined) return unknown(typeof value === 'number' ? `a number to compare with ${value}` : `a string to compare with ${showValue(value)}`);
      const right = value as number | string;
      return result(op === 'lt' ? left < right : op === 'lte' ? left <= right : op === 'gt' ? left > right : left >= right);
    }
    case 'regex': {
      if (actual === undefined || actual === null) return result(false);
      if (typeof actual === 'object') return unknown('text to match against a regular expression');
      const text = String(actual);
      if (text.length > MAX_REGEX_INPUT) return { outcome: 'unknown', why: tooLongToMatch(condition.argPath, text.length) };
      const regex = condition.regex as RE2JS;
      if (matchCost(regex, text.length) <= INLINE_MATCH_BUDGET) return result(regex.test(text));
      return matchInWorker(condition, text);
    }
    case 'contains':
      if (actual === undefined || actual === null) return result(false);
      if (typeof actual === 'string') return typeof value === 'string' ? result(actual.includes(value)) : unknown(`a list that could contain ${showValue(value)}`);
      if (Array.isArray(actual)) return result(actual.some((item) => jsonEqual(item, value)));
      return unknown('a string or a list');
  }
}

async function matchInWorker(condition: CompiledCondition, text: string): Promise<ConditionResult> {
  const outcome = await sharedRegexRunner().run({ kind: 'match', pattern: String(condition.value), text });
  if (outcome.done) return { outcome: outcome.value ? 'true' : 'false' };
  return { outcome: 'unknown', why: `${condition.argPath} (${text.length.toLocaleString('en-US')} characters) could not be matched against ${showValue(condition.value)}: ${outcome.why}` };
}

function tooLongToMatch(argPath: string, length: number): string {
  return `${argPath} is ${length.toLocaleString('en-US')} characters long, more than the ${MAX_REGEX_INPUT.toLocaleString('en-US')} a regular expression is matched against`;
}

/** "args.pipeline is one of ["tokenize","refresh"]": the condition in words. */
export function describeCondition(condition: CompiledCondition): string {
  const v = showValue(condition.value);
  const phrase: Record<ConditionOp, string> = {
    eq: `equals ${v}`,
    neq: `does not equal ${v}`,
    in: `is one of ${v}`,
    not_in: `is not one of ${v}`,
    lt: `is less than ${v}`,
    lte: `is at most ${v}`,
    gt: `is greater than ${v}`,
    gte: `is at least ${v}`,
    regex: `matches the pattern ${v}`,
    contains: `contains ${v}`,
    exists: condition.value === false ? 'is absent' : 'is present',
  };
  return `${condition.argPath} ${phrase[condition.op]}`;
}

export function describeActual(condition: CompiledCondition, args: unknown): string {
  const actual = readArgPath(args, condition.segments);
  return actual === undefined ? `${condition.argPath} is missing` : `got ${showValue(actual)}`;
}

/** A number, or a string that is exactly a finite number ("20000", "-1.5"). */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
