// A policy draft as the builder edits it: the parsed JSON document, changed through
// small pure functions that each return a new document. The text stays the source of
// truth; the builder parses it, edits the copy, and writes it back formatted.
import { parseJsonText } from '../../../../shared/policy/json-text.js';
import { DEFAULT_DENY_POLICY } from '../../../../shared/policy/validate.js';
import type { PolicyIssue } from '../../../../shared/policy/types.js';
import type { DocPath } from './doc-path.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export type DraftParse = { ok: true; doc: JsonObject } | { ok: false; issue: PolicyIssue };

export function parseDraft(text: string): DraftParse {
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.problem;
    return { ok: false, issue: { path: '', message: `not valid JSON at line ${line}, column ${column}: ${message}`, line, column } };
  }
  if (!isObject(parsed.value)) return { ok: false, issue: { path: '', message: 'a policy is a JSON object: {"version": "1", "default": "deny"}' } };
  return { ok: true, doc: parsed.value };
}

export function formatDraft(doc: JsonObject): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function getAt(doc: unknown, path: DocPath): unknown {
  let node: unknown = doc;
  for (const key of path) {
    if (typeof key === 'number' ? !Array.isArray(node) : !isObject(node)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** A copy of `doc` with `value` at `path` (creating parents); `undefined` removes the key or list item. */
export function setAt(doc: JsonObject, path: DocPath, value: unknown): JsonObject {
  if (path.length === 0) return isObject(value) ? value : doc;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  return setIn(doc, head, rest, value) as JsonObject;
}

function setIn(node: unknown, key: string | number, rest: (string | number)[], value: unknown): unknown {
  const container: Record<string | number, unknown> | unknown[] = Array.isArray(node) ? [...node] : isObject(node) ? { ...node } : typeof key === 'number' ? [] : {};
  const next = rest.length === 0 ? value : setIn((container as Record<string | number, unknown>)[key], rest[0] as string | number, rest.slice(1), value);
  if (Array.isArray(container) && typeof key === 'number') {
    if (next === undefined) container.splice(key, 1);
    else container[key] = next;
  } else if (next === undefined) delete (container as JsonObject)[String(key)];
  else (container as JsonObject)[String(key)] = next;
  return container;
}

/** A copy of `doc` without item `index` of the list at `listPath`, and without the list once it is empty. */
export function removeListItem(doc: JsonObject, listPath: DocPath, index: number): JsonObject {
  const next = setAt(doc, [...listPath, index], undefined);
  const list = getAt(next, listPath);
  return Array.isArray(list) && list.length === 0 ? setAt(next, listPath, undefined) : next;
}

/** Drops `tools`, `hide`, `risk`, `all_tools` when editing left them empty. */
export function pruneEmpty(doc: JsonObject): JsonObject {
  const out = { ...doc };
  for (const key of ['tools', 'risk'] as const) if (isObject(out[key]) && Object.keys(out[key] as JsonObject).length === 0) delete out[key];
  if (Array.isArray(out.hide) && out.hide.length === 0) delete out.hide;
  const allTools = out.all_tools;
  if (isObject(allTools)) {
    const limits = allTools.limits;
    if (Array.isArray(limits) && limits.length === 0 && Object.keys(allTools).length === 1) delete out.all_tools;
  }
  return out;
}

/** A counter name not used anywhere in the document yet: `<base>`, `<base>_2`, … */
export function freshCounterName(doc: JsonObject, base: string): string {
  const used = new Set<string>();
  const collect = (limits: unknown) => {
    if (Array.isArray(limits)) for (const l of limits) if (isObject(l) && typeof l.counter === 'string') used.add(l.counter);
  };
  collect(getAt(doc, ['all_tools', 'limits']));
  for (const section of ['tools', 'risk']) {
    const rules = doc[section];
    if (isObject(rules)) for (const rule of Object.values(rules)) if (isObject(rule)) collect(rule.limits);
  }
  const clean = base.replace(/[^A-Za-z0-9_-]/g, '_') || 'calls';
  if (!used.has(clean)) return clean;
  for (let i = 2; ; i++) if (!used.has(`${clean}_${i}`)) return `${clean}_${i}`;
}

/**
 * A server without a policy file shows the built-in default, whose description says so.
 * The first edit turns it into the person's own policy, so that sentence goes.
 */
export function dropDefaultDescription(doc: JsonObject): JsonObject {
  if (doc.description !== DEFAULT_DENY_POLICY.description) return doc;
  const { description: _dropped, ...rest } = doc;
  return rest;
}
