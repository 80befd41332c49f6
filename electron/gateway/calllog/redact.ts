// Redaction of tool-call arguments before they reach the call log.
// Two nets: values under secret names (secrets/secret-names.ts), and secrets inside
// strings wherever they are, masked in place (secrets/text-secrets.ts). The walk is
// bounded (depth, total size, string length) so a 20 MB argument costs the log a few
// kilobytes, and the input is never mutated.

import { isSecretName, secretNameMatcherFor, type SecretNameTest } from '../secrets/secret-names.js';
import { maskSecretsInText } from '../secrets/text-secrets.js';

export const REDACTED = '[redacted]';

export interface RedactOptions {
  /** More key names to redact (a policy may name some); matched like the built-in ones. */
  extraKeys?: readonly string[];
  /** Containers nested deeper than this are replaced by a marker. Default 8. */
  maxDepth?: number;
  /** Rough budget for the whole redacted value, in characters of JSON. Default 16 KiB. */
  maxTotalChars?: number;
  /** Longer strings are cut with a marker. Default 2 KiB. */
  maxStringChars?: number;
}

export interface RedactResult {
  value: unknown;
  /** True when something was cut to fit the caps. */
  truncated: boolean;
}

export { looksLikeRandomKey } from '../secrets/text-secrets.js';

/** Replaces credential-looking parts of a string (tokens, URL passwords, `password=…`); the same string back if none. */
export function redactString(value: string, isSecretKey: SecretNameTest = isSecretName): string {
  return maskSecretsInText(value, REDACTED, isSecretKey);
}

interface WalkState {
  isSecretKey: (key: string) => boolean;
  maxDepth: number;
  maxStringChars: number;
  budget: number;
  truncated: boolean;
  ancestors: Set<object>;
}

/** Redacts and caps `value` (typically a tools/call `arguments` object). */
export function redactArguments(value: unknown, options: RedactOptions = {}): RedactResult {
  const state: WalkState = {
    isSecretKey: secretNameMatcherFor(options.extraKeys),
    maxDepth: options.maxDepth ?? 8,
    maxStringChars: options.maxStringChars ?? 2048,
    budget: options.maxTotalChars ?? 16 * 1024,
    truncated: false,
    ancestors: new Set(),
  };
  const out = walk(value, 0, state);
  return { value: out, truncated: state.truncated };
}

function walk(value: unknown, depth: number, state: WalkState): unknown {
  if (value === null || typeof value === 'boolean') {
    state.budget -= 5;
    return value;
  }
  if (typeof value === 'number') {
    state.budget -= 8;
    return Number.isFinite(value) ? value : null; // as JSON would
  }
  if (typeof value === 'string') return walkString(value, state);
  if (typeof value === 'bigint') return walkString(value.toString(), state);
  if (typeof value !== 'object') return undefined; // functions, symbols, undefined: not JSON
  if (state.ancestors.has(value)) return '[circular]';
  if (depth >= state.maxDepth) {
    state.truncated = true;
    state.budget -= 20;
    return '[truncated: nested too deep]';
  }
  state.ancestors.add(value);
  try {
    return Array.isArray(value) ? walkArray(value, depth, state) : walkObject(value, depth, state);
  } finally {
    state.ancestors.delete(value);
  }
}

function walkString(value: string, state: WalkState): string {
  // Redact a little past the cut so a key straddling it is still recognised.
  const limit = Math.max(0, Math.min(state.maxStringChars, state.budget));
  const window = value.length > limit ? value.slice(0, limit + 256) : value;
  let out = redactString(window, state.isSecretKey);
  if (value.length > limit) {
    state.truncated = true;
    out = `${out.slice(0, limit)}…[truncated ${value.length - limit} chars]`;
  }
  state.budget -= out.length + 2;
  return out;
}

function walkArray(value: readonly unknown[], depth: number, state: WalkState): unknown[] {
  const out: unknown[] = [];
  state.budget -= 2;
  for (let i = 0; i < value.length; i++) {
    if (state.budget <= 0) {
      state.truncated = true;
      out.push(`[truncated: ${value.length - i} more items]`);
      break;
    }
    const item = walk(value[i], depth + 1, state);
    out.push(item === undefined ? null : item);
    state.budget -= 1;
  }
  return out;
}

function walkObject(value: object, depth: number, state: WalkState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  state.budget -= 2;
  let seen = 0;
  // for…in with an early exit: a million-key object costs no more than the budget.
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (state.budget <= 0) {
      state.truncated = true;
      out['…'] = `[truncated: ${Object.keys(value).length - seen} more keys]`;
      break;
    }
    seen++;
    const item: unknown = (value as Record<string, unknown>)[key];
    state.budget -= key.length + 4;
    const safeKey = key.length > 256 ? `${key.slice(0, 256)}…` : key;
    if (state.isSecretKey(key) && isRedactable(item)) {
      state.budget -= REDACTED.length;
      defineEntry(out, safeKey, REDACTED);
      continue;
    }
    const walked = walk(item, depth + 1, state);
    if (walked !== undefined) defineEntry(out, safeKey, walked);
  }
  return out;
}

/** null, booleans and empty strings carry no secret and tell the reader something. */
function isRedactable(value: unknown): boolean {
  return value !== null && value !== undefined && typeof value !== 'boolean' && value !== '';
}

/** Plain assignment of `__proto__` would change the prototype instead of adding a key. */
function defineEntry(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
