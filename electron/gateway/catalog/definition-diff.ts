// What differs between two definitions of a tool, field by field, with a line diff of
// each changed field (the description as text; schema and annotations as pretty
// canonical JSON, so an added property shows as added lines).
import { DEFINITION_FIELDS, type CatalogDiff, type FieldChange, type ToolDefinition } from '../../../shared/catalog.js';
import { canonicalJson, hashDefinition } from './definition-hash.js';
import { diffLines } from './line-diff.js';

function asText(field: FieldChange['field'], value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string' && (field === 'description' || field === 'title')) return value;
  return canonicalJson(value, 2);
}

export function diffDefinitions(before: ToolDefinition, after: ToolDefinition): CatalogDiff {
  const fields: FieldChange[] = [];
  for (const field of DEFINITION_FIELDS) {
    const old = before[field];
    const now = after[field];
    if (canonicalJson(old ?? null) === canonicalJson(now ?? null)) continue;
    const change: FieldChange = { field, lines: diffLines(asText(field, old), asText(field, now)) };
    if (old !== undefined) change.before = old;
    if (now !== undefined) change.after = now;
    fields.push(change);
  }
  return { fromHash: hashDefinition(before), toHash: hashDefinition(after), fields };
}
