// A policy's revision: a short hash of the document as parsed (keys sorted, whitespace
// ignored), so the same rules give the same revision however the file is formatted, and a
// logged decision names exactly the document that made it.
import { createHash } from 'node:crypto';
import type { Policy } from '../../../shared/policy/types.js';

/** Hex characters kept: 48 bits tell revisions of one server's policy apart. */
const REVISION_CHARS = 12;

export function policyRevision(policy: Policy): string {
  return createHash('sha256').update(canonicalJson(policy)).digest('hex').slice(0, REVISION_CHARS);
}

/** JSON with object keys in code-unit order at every depth. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).filter((key) => object[key] !== undefined).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`).join(',')}}`;
}
