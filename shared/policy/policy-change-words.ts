// What a policy edit changes, in words, one line per tool or section: "get-env: denied
// (the default) → allowed, at most 60 a minute". Each line says whether it lets more
// through (loosens), less (tightens) or neither, so a review can put the loosening ones
// first. Pure and over raw JSON: the window's review and anything else can use it.
import { compareGlobSpecificity, isGlob, matchesGlob } from './glob.js';
import { childPath, showValue } from './json-path.js';
import {
  ACTION_RANK,
  canonicalJson,
  describeAction,
  describeLimit,
  describeRequestRule,
  describeToolRule,
  isJsonObject,
  ruleAction,
  ruleLimits,
  ruleReason,
  ruleTimeout,
  sameJson,
  windowOf,
  type JsonObject,
} from './policy-rule-words.js';
import type { PolicyAction } from './types.js';
import { REQUEST_SECTIONS } from './types.js';

export type ChangeEffect = 'loosens' | 'tightens' | 'neutral';

export interface PolicyChange {
  /** Where in the document, e.g. `tools["get-env"]`, `default`, `resources.rules["memory://x"]`. */
  path: string;
  /** What the line is about, as a person names it: `get-env`, `default for tools not listed`. */
  subject: string;
  /** The whole line. */
  text: string;
  /** `loosens`: lets through something it refused before (or redacts less). */
  effect: ChangeEffect;
}

const EFFECT_ORDER: Record<ChangeEffect, number> = { loosens: 0, tightens: 1, neutral: 2 };

/** Every change from `before` to `after`, loosening ones first, then tightening, then the rest; document order within each. */
export function describePolicyChanges(before: unknown, after: unknown): PolicyChange[] {
  const a = isJsonObject(before) ? before : {};
  const b = isJsonObject(after) ? after : {};
  const out: PolicyChange[] = [];
  describeTop(a, b, out);
  describeToolRules(a, b, 'tools', out);
  describeHide(list(a.hide), list(b.hide), 'hide', (x) => toolSubject(x), out);
  describeAllTools(a, b, out);
  describeToolRules(a, b, 'risk', out);
  for (const section of ['resources', 'prompts'] as const) describeItemSection(a, b, section, out);
  for (const section of REQUEST_SECTIONS) describeRequestSection(a, b, section, out);
  describeRest(a, b, out);
  return out.map((change, i) => ({ change, i })).sort((x, y) => EFFECT_ORDER[x.change.effect] - EFFECT_ORDER[y.change.effect] || x.i - y.i).map((x) => x.change);
}

// ---- comparing what rules let through ----

/** Whether `after` lets through more, less, or the same as `before`: any loosening aspect counts as loosening. */
function compareToolRules(before: unknown, after: unknown): ChangeEffect {
  const effects: ChangeEffect[] = [];
  const was = ruleAction(before);
  const now = ruleAction(after);
  effects.push(rankEffect(ACTION_RANK[was], ACTION_RANK[now]));
  // Limits and conditions only matter where the rule can let a call through.
  if (now !== 'deny') {
    const beforeChecks = was === 'deny' ? {} : before;
    effects.push(...compareLimits(ruleLimits(beforeChecks), ruleLimits(after)));
    effects.push(...compareConditions(field(beforeChecks, 'require'), field(after, 'require')));
    effects.push(...compareConditions(field(beforeChecks, 'deny_if'), field(after, 'deny_if')));
    const checkedBefore = isJsonObject(beforeChecks) && beforeChecks.validate_schema === true;
    const checkedAfter = isJsonObject(after) && after.validate_schema === true;
    if (checkedBefore !== checkedAfter) effects.push(checkedAfter ? 'tightens' : 'loosens');
  }
  return combine(effects);
}

function rankEffect(before: number, after: number): ChangeEffect {
  return after > before ? 'loosens' : after < before ? 'tightens' : 'neutral';
}

function combine(effects: ChangeEffect[]): ChangeEffect {
  if (effects.includes('loosens')) return 'loosens';
  return effects.includes('tightens') ? 'tightens' : 'neutral';
}

function limitKey(limit: unknown): string {
  return isJsonObject(limit) ? `${String(limit.counter)}|${String(limit.scope ?? 'grant')}` : canonicalJson(limit);
}

/** A limit's rate in calls (or units) a second; a higher rate lets more through. */
function rate(limit: unknown): number | undefined {
  if (!isJsonObject(limit) || typeof limit.max !== 'number') return undefined;
  const seconds = windowOf(limit.window);
  return seconds === undefined ? undefined : limit.max / seconds;
}

function compareLimits(before: unknown[], after: unknown[]): ChangeEffect[] {
  const effects: ChangeEffect[] = [];
  const afterByKey = new Map(after.map((l) => [limitKey(l), l]));
  const beforeKeys = new Set(before.map(limitKey));
  for (const old of before) {
    const next = afterByKey.get(limitKey(old));
    if (next === undefined) {
      effects.push('loosens');
      continue;
    }
    if (sameJson(old, next)) continue;
    const r0 = rate(old);
    const r1 = rate(next);
    const m0 = isJsonObject(old) ? old.max : undefined;
    const m1 = isJsonObject(next) ? next.max : undefined;
    const amountChanged = isJsonObject(old) && isJsonObject(next) && old.increment_from !== next.increment_from;
    // Looser if more fits in some interval: a higher rate, or a bigger burst (a larger max over a longer window).
    if (r0 === undefined || r1 === undefined || typeof m0 !== 'number' || typeof m1 !== 'number' || amountChanged) effects.push('loosens');
    else if (r1 > r0 || m1 > m0) effects.push('loosens');
    else if (r1 < r0 || m1 < m0) effects.push('tightens');
  }
  for (const next of after) if (!beforeKeys.has(limitKey(next))) effects.push('tightens');
  return effects;
}

/** `require` (all must hold) and `deny_if` (any denies): a condition more is tighter, one less looser. */
function compareConditions(before: unknown[], after: unknown[]): ChangeEffect[] {
  const was = new Set(before.map(canonicalJson));
  const now = new Set(after.map(canonicalJson));
  const effects: ChangeEffect[] = [];
  for (const c of was) if (!now.has(c)) effects.push('loosens');
  for (const c of now) if (!was.has(c)) effects.push('tightens');
  return effects;
}

// ---- tools and risk rules ----

function toolSubject(key: string): string {
  return isGlob(key) ? `tools matching ${key}` : key;
}

const RISK_WORDS: Record<string, string> = {
  read: 'read tools',
  write: 'write tools',
  execute: 'execute tools',
  destructive: 'destructive tools',
  financial: 'financial tools',
};

/** What applies to a tool key once it has no rule of its own: a broader glob, else the default. */
function fallbackFor(doc: JsonObject, section: 'tools' | 'risk', key: string): { rule: unknown; words: string } {
  const fallbackDefault = defaultAction(doc);
  if (section === 'tools') {
    const rules = record(doc.tools);
    const globs = Object.keys(rules)
      .filter((k) => k !== key && isGlob(k) && matchesGlob(k, key))
      .sort(compareGlobSpecificity);
    const glob = globs[0];
    if (glob !== undefined) return { rule: rules[glob], words: `${describeToolRule(rules[glob])} (by ${childPath('tools', glob)})` };
    if (!isGlob(key) && isJsonObject(doc.risk) && Object.keys(doc.risk).length > 0) {
      return { rule: { action: fallbackDefault }, words: `its risk rule, else the default (${describeAction(fallbackDefault)})` };
    }
  }
  return { rule: { action: fallbackDefault }, words: `${describeAction(fallbackDefault)} (the default)` };
}

function describeToolRules(a: JsonObject, b: JsonObject, section: 'tools' | 'risk', out: PolicyChange[]): void {
  const before = record(a[section]);
  const after = record(b[section]);
  for (const key of unionKeys(before, after)) {
    const was = before[key];
    const now = after[key];
    if (sameJson(was, now)) continue;
    const path = childPath(section, key);
    const subject = section === 'tools' ? toolSubject(key) : `${RISK_WORDS[key] ?? `${key} tools`} (risk rule)`;
    if (was === undefined) {
      const fallback = fallbackFor(a, section, key);
      out.push({ path, subject, text: `${subject}: ${fallback.words} → ${describeToolRule(now)}`, effect: compareToolRules(fallback.rule, now) });
      if (ruleReason(now) !== undefined) out.push({ path, subject, text: `${subject}: reason “${ruleReason(now)}”`, effect: 'neutral' });
      continue;
    }
    if (now === undefined) {
      const fallback = fallbackFor(b, section, key);
      out.push({ path, subject, text: `rule removed: ${subject} (was ${describeToolRule(was)}; now ${fallback.words})`, effect: compareToolRules(was, fallback.rule) });
      continue;
    }
    const lines = out.length;
    const wasWords = describeToolRule(was);
    const nowWords = describeToolRule(now);
    const effect = compareToolRules(was, now);
    if (wasWords !== nowWords) out.push({ path, subject, text: `${subject}: ${wasWords} → ${nowWords}`, effect });
    // Same words, different effect: a limit's counter renamed (its budget is no longer shared), a window written otherwise.
    else if (effect !== 'neutral') out.push({ path, subject, text: `${subject}: ${changedKeys(was, now)} changed (still ${nowWords})`, effect });
    describeReason(path, subject, was, now, out);
    if (out.length === lines) out.push({ path, subject, text: `${subject}: ${changedKeys(was, now)} changed`, effect: 'neutral' });
  }
}

function describeReason(path: string, subject: string, was: unknown, now: unknown, out: PolicyChange[]): void {
  const r0 = ruleReason(was);
  const r1 = ruleReason(now);
  if (r0 === r1) return;
  const text = r0 === undefined ? `reason added: “${r1}”` : r1 === undefined ? `reason removed (was “${r0}”)` : `reason changed: “${r0}” → “${r1}”`;
  out.push({ path, subject, text: `${subject}: ${text}`, effect: 'neutral' });
}

function changedKeys(was: unknown, now: unknown): string {
  const a = isJsonObject(was) ? was : {};
  const b = isJsonObject(now) ? now : {};
  const keys = unionKeys(a, b).filter((k) => !sameJson(a[k], b[k]));
  return keys.length > 0 ? keys.join(', ') : 'rule';
}

// ---- hide lists ----

function describeHide(before: unknown[], after: unknown[], path: string, subject: (x: string) => string, out: PolicyChange[]): void {
  const was = before.filter((x): x is string => typeof x === 'string');
  const now = after.filter((x): x is string => typeof x === 'string');
  for (const x of now) if (!was.includes(x)) out.push({ path, subject: subject(x), text: `${subject(x)}: hidden from clients`, effect: 'tightens' });
  for (const x of was) if (!now.includes(x)) out.push({ path, subject: subject(x), text: `${subject(x)}: no longer hidden`, effect: 'loosens' });
}

// ---- the top level: default, version, schema checks, redaction ----

function defaultAction(doc: JsonObject): PolicyAction {
  const value = doc.default;
  return value === 'allow' || value === 'approve' ? value : 'deny';
}

function describeTop(a: JsonObject, b: JsonObject, out: PolicyChange[]): void {
  if (a.default !== b.default) {
    const subject = 'default for tools not listed';
    out.push({
      path: 'default',
      subject,
      text: `${subject}: ${showAction(a.default)} → ${showAction(b.default)}`,
      effect: rankEffect(ACTION_RANK[defaultAction(a)], ACTION_RANK[defaultAction(b)]),
    });
  }
  if ((a.validate_schema === true) !== (b.validate_schema === true)) {
    const on = b.validate_schema === true;
    out.push({ path: 'validate_schema', subject: 'schema checks', text: `arguments checked against each tool's schema: ${on ? 'off → on' : 'on → off'}`, effect: on ? 'tightens' : 'loosens' });
  }
  const r0 = list(a.redact).filter((x): x is string => typeof x === 'string');
  const r1 = list(b.redact).filter((x): x is string => typeof x === 'string');
  for (const key of r1) if (!r0.includes(key)) out.push({ path: 'redact', subject: 'call log', text: `call log: also redacts argument “${key}”`, effect: 'tightens' });
  for (const key of r0) if (!r1.includes(key)) out.push({ path: 'redact', subject: 'call log', text: `call log: no longer redacts argument “${key}”`, effect: 'loosens' });
}

function showAction(value: unknown): string {
  return typeof value === 'string' ? value : showValue(value);
}

const TOP_KNOWN = new Set(['default', 'validate_schema', 'redact', 'tools', 'hide', 'all_tools', 'risk', 'resources', 'prompts', ...REQUEST_SECTIONS]);

/** Keys not described above (version, description, $schema, unknown ones): named, neither looser nor tighter. */
function describeRest(a: JsonObject, b: JsonObject, out: PolicyChange[]): void {
  for (const key of unionKeys(a, b)) {
    if (TOP_KNOWN.has(key) || sameJson(a[key], b[key])) continue;
    const text = a[key] === undefined ? `${key} added: ${showValue(b[key])}` : b[key] === undefined ? `${key} removed` : `${key} changed: ${showValue(a[key])} → ${showValue(b[key])}`;
    out.push({ path: key, subject: key, text, effect: 'neutral' });
  }
}

// ---- all_tools ----

function describeAllTools(a: JsonObject, b: JsonObject, out: PolicyChange[]): void {
  const was = isJsonObject(a.all_tools) ? a.all_tools : {};
  const now = isJsonObject(b.all_tools) ? b.all_tools : {};
  const subject = 'all tools';
  const before = list(was.limits);
  const after = list(now.limits);
  const afterByKey = new Map(after.map((l) => [limitKey(l), l]));
  const beforeKeys = new Set(before.map(limitKey));
  before.forEach((old, i) => {
    const next = afterByKey.get(limitKey(old));
    const path = childPath(childPath('all_tools', 'limits'), i);
    if (next === undefined) out.push({ path, subject, text: `${subject}: limit removed (was ${describeLimit(old)})`, effect: 'loosens' });
    else if (!sameJson(old, next)) {
      const effect = combine(compareLimits([old], [next]));
      const words = describeLimit(old) === describeLimit(next) ? `limit ${String((old as JsonObject).counter)} changed` : `${describeLimit(old)} → ${describeLimit(next)}`;
      out.push({ path, subject, text: `${subject}: ${words}`, effect });
    }
  });
  after.forEach((next, i) => {
    if (!beforeKeys.has(limitKey(next))) out.push({ path: childPath(childPath('all_tools', 'limits'), i), subject, text: `${subject}: limit added, ${describeLimit(next)}`, effect: 'tightens' });
  });
  describeReason('all_tools', subject, was, now, out);
}

// ---- resources, prompts ----

const ITEM_WORDS = { resources: { one: 'resource', many: 'resources' }, prompts: { one: 'prompt', many: 'prompts' } } as const;

function describeItemSection(a: JsonObject, b: JsonObject, section: 'resources' | 'prompts', out: PolicyChange[]): void {
  const was = isJsonObject(a[section]) ? (a[section] as JsonObject) : {};
  const now = isJsonObject(b[section]) ? (b[section] as JsonObject) : {};
  const words = ITEM_WORDS[section];
  const sectionDefault = (doc: JsonObject, s: JsonObject): PolicyAction => (s.default === 'allow' || s.default === 'deny' || s.default === 'approve' ? s.default : defaultAction(doc));
  const d0 = sectionDefault(a, was);
  const d1 = sectionDefault(b, now);
  if (was.default !== now.default) {
    const show = (doc: JsonObject, s: JsonObject) => (s.default === undefined ? `follows the default (${defaultAction(doc)})` : showAction(s.default));
    const subject = `default for ${words.many} not listed`;
    out.push({ path: childPath(section, 'default'), subject, text: `${subject}: ${show(a, was)} → ${show(b, now)}`, effect: rankEffect(ACTION_RANK[d0], ACTION_RANK[d1]) });
  }
  describeHide(list(was.hide), list(now.hide), childPath(section, 'hide'), (x) => `${words.one} ${x}`, out);
  const r0 = record(was.rules);
  const r1 = record(now.rules);
  for (const key of unionKeys(r0, r1)) {
    const before = r0[key];
    const after = r1[key];
    if (sameJson(before, after)) continue;
    const path = childPath(childPath(section, 'rules'), key);
    const subject = `${words.one} ${key}`;
    const fallbackWords = (d: PolicyAction) => `${describeAction(d)} (the ${words.many} default)`;
    if (before === undefined) {
      out.push({ path, subject, text: `${subject}: ${fallbackWords(d0)} → ${describeRequestRule(after)}`, effect: rankEffect(ACTION_RANK[d0], ACTION_RANK[ruleAction(after)]) });
    } else if (after === undefined) {
      out.push({ path, subject, text: `rule removed: ${subject} (was ${describeRequestRule(before)}; now ${fallbackWords(d1)})`, effect: rankEffect(ACTION_RANK[ruleAction(before)], ACTION_RANK[d1]) });
    } else {
      const lines = out.length;
      const w0 = describeRequestRule(before);
      const w1 = describeRequestRule(after);
      if (w0 !== w1) out.push({ path, subject, text: `${subject}: ${w0} → ${w1}`, effect: rankEffect(ACTION_RANK[ruleAction(before)], ACTION_RANK[ruleAction(after)]) });
      describeReason(path, subject, before, after, out);
      if (out.length === lines) out.push({ path, subject, text: `${subject}: ${changedKeys(before, after)} changed`, effect: 'neutral' });
    }
  }
}

// ---- completion, logging, sampling, elicitation, roots ----

const REQUEST_WORDS: Record<string, string> = {
  completion: 'completion',
  logging: 'logging',
  sampling: "sampling (the server using the client's model)",
  elicitation: "elicitation (the server asking the client's user)",
  roots: "roots (the server reading the client's workspace folders)",
};

function describeRequestSection(a: JsonObject, b: JsonObject, section: string, out: PolicyChange[]): void {
  const was = a[section];
  const now = b[section];
  if (sameJson(was, now)) return;
  const subject = REQUEST_WORDS[section] ?? section;
  const action = (doc: JsonObject, rule: unknown) => (rule === undefined ? defaultAction(doc) : ruleAction(rule));
  const show = (doc: JsonObject, rule: unknown) => (rule === undefined ? `follows the default (${describeAction(defaultAction(doc))})` : describeRequestRule(rule));
  const lines = out.length;
  const w0 = show(a, was);
  const w1 = show(b, now);
  if (w0 !== w1) out.push({ path: section, subject, text: `${subject}: ${w0} → ${w1}`, effect: rankEffect(ACTION_RANK[action(a, was)], ACTION_RANK[action(b, now)]) });
  describeReason(section, subject, was, now, out);
  // `"deny"` and `{ "action": "deny" }` mean the same: a rewrite between them is no change.
  if (out.length === lines && !(ruleAction(was) === ruleAction(now) && ruleTimeout(was) === ruleTimeout(now) && was !== undefined && now !== undefined)) {
    out.push({ path: section, subject, text: `${subject}: ${changedKeys(was, now)} changed`, effect: 'neutral' });
  }
}

// ---- small helpers ----

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function record(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

function field(rule: unknown, key: string): unknown[] {
  return isJsonObject(rule) ? list(rule[key]) : [];
}

/** Keys of `after` in its order, then the keys only `before` has. */
function unionKeys(before: JsonObject, after: JsonObject): string[] {
  return [...Object.keys(after), ...Object.keys(before).filter((k) => !(k in after))];
}
