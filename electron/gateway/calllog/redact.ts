// Redaction of tool-call arguments before they reach the call log.
// Two nets: values under secret-sounding keys, and strings that look like
// credentials wherever they are. The walk is bounded (depth, total size, string
// length) so a 20 MB argument costs the log a few kilobytes, and the input is
// never mutated.

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

/**
 * Secret key names, compared after lower-casing and dropping everything but
 * letters and digits, so `api_key`, `apiKey`, `API-KEY` and `x-api-key` all match
 * `apikey`. A key matches when it ends with one of these: `github_token`,
 * `dbPassword`, `aws_secret_access_key` are caught; `max_tokens`, `author` and
 * `secret_name` are not.
 */
const SECRET_KEY_ENDINGS = [
  'token', 'password', 'passwd', 'passphrase', 'secret', 'apikey', 'authorization', 'auth',
  'accesstoken', 'refreshtoken', 'privatekey', 'clientsecret', 'secretkey', 'accesskey',
  'cookie', 'cookies', 'credential', 'credentials', 'session',
];

/** Credential formats that are unmistakable anywhere in a string; replaced in place. */
const SECRET_VALUE_PATTERNS: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{16,}/gi,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, // JWT
  /\bsk-[A-Za-z0-9_-]{20,}/g, // OpenAI, Anthropic
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}/g, // Stripe
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g, // GitHub
  /\bgithub_pat_[A-Za-z0-9_]{22,}/g,
  /\bglpat-[A-Za-z0-9_-]{20,}/g, // GitLab
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key id
  /\bAIza[0-9A-Za-z_-]{35}/g, // Google API key
];

const HEX = /^[0-9a-fA-F]+$/;
const BASE64ISH = /^[A-Za-z0-9+/_=-]+$/;

export function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Builds a key test from the built-in endings plus `extraKeys`. */
export function secretKeyMatcher(extraKeys: readonly string[] = []): (key: string) => boolean {
  const endings = [...SECRET_KEY_ENDINGS, ...extraKeys.map(normaliseKey).filter((k) => k !== '')];
  return (key) => {
    const normal = normaliseKey(key);
    return endings.some((ending) => normal.endsWith(ending));
  };
}

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * A whole value that is one long random-looking token: 32+ hex digits, or 32+
 * base64 characters mixing cases and digits with high entropy. UUIDs, paths and
 * words do not qualify. (Hex hashes such as git commit ids do: a false positive
 * is cheaper than a leaked key.)
 */
export function looksLikeRandomKey(value: string): boolean {
  if (value.length < 32 || value.length > 4096) return false;
  if (HEX.test(value)) return entropy(value) >= 3;
  if (!BASE64ISH.test(value)) return false;
  if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/[0-9]/.test(value)) return false;
  return entropy(value) >= 4.2;
}

/** Replaces credential-looking parts of a string; the same string back if none. */
export function redactString(value: string): string {
  if (looksLikeRandomKey(value)) return REDACTED;
  let out = value;
  for (const pattern of SECRET_VALUE_PATTERNS) {
    pattern.lastIndex = 0;
    if (pattern.test(out)) {
      pattern.lastIndex = 0;
      out = out.replace(pattern, REDACTED);
    }
  }
  return out;
}

interface WalkState {
  isSecretKey: (key: string) => boolean;
  maxDepth: number;
  maxStringChars: number;
  budget: number;
  truncated: boolean;
  ancestors: Set<object>;
}

/** Key tests by extra-key list: a policy's list is one array for as long as the policy is loaded. */
const defaultKeyMatcher = secretKeyMatcher();
const keyMatchers = new WeakMap<readonly string[], (key: string) => boolean>();

function keyMatcherFor(extraKeys: readonly string[] | undefined): (key: string) => boolean {
  if (!extraKeys || extraKeys.length === 0) return defaultKeyMatcher;
  let matcher = keyMatchers.get(extraKeys);
  if (!matcher) keyMatchers.set(extraKeys, (matcher = secretKeyMatcher(extraKeys)));
  return matcher;
}

/** Redacts and caps `value` (typically a tools/call `arguments` object). */
export function redactArguments(value: unknown, options: RedactOptions = {}): RedactResult {
  const state: WalkState = {
    isSecretKey: keyMatcherFor(options.extraKeys),
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
  let out = redactString(window);
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
