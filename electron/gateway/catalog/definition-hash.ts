// A tool's definition and its fingerprint. The hash covers exactly what pinning watches
// (title, description, inputSchema, annotations), serialised as canonical JSON (sorted
// keys, no whitespace) so key order or formatting never counts as a change.
import { createHash } from 'node:crypto';
import type { ToolDefinition, ToolListing } from '../../../shared/catalog.js';

/** JSON with object keys sorted at every depth; `undefined` members dropped as JSON.stringify does. */
export function canonicalJson(value: unknown, indent = 0): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sortKeys(item)));
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) Object.defineProperty(sorted, key, { value: sortKeys(member), enumerable: true, writable: true, configurable: true });
  }
  return sorted;
}

/** The watched parts of a listed tool (a copy: later changes to the listing do not leak in). */
export function definitionOf(tool: ToolListing): ToolDefinition {
  const definition: ToolDefinition = {};
  if (typeof tool.title === 'string') definition.title = tool.title;
  if (typeof tool.description === 'string') definition.description = tool.description;
  if (tool.inputSchema !== undefined) definition.inputSchema = structuredClone(tool.inputSchema);
  if (tool.annotations !== undefined) definition.annotations = structuredClone(tool.annotations);
  return definition;
}

export function hashDefinition(definition: ToolDefinition): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

/** For prompts and resource templates: the whole listing is the definition. */
export function hashListing(listing: unknown): string {
  return createHash('sha256').update(canonicalJson(listing)).digest('hex');
}
