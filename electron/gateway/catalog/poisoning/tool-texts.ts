// Every piece of text a model reads in a tool definition, with where it sits: the name,
// title, description, the annotations' strings, and inside the input schema every
// property name, description, title, default, example, const and enum value. Poisoning
// hides in any of them, not only the description.
import type { ToolListing } from '../../../../shared/catalog.js';

export interface ToolText {
  /** `description`, `inputSchema.properties.path.description`, `inputSchema.properties.path` (a property name)… */
  field: string;
  text: string;
}

/** Schema keywords whose strings a model reads as prose or as a value it may send. */
const PROSE_KEYS = new Set(['description', 'title', 'default', 'examples', 'const', 'enum', 'x-description']);
const MAX_DEPTH = 8;
const MAX_TEXTS = 2000;

export function toolTexts(tool: ToolListing): ToolText[] {
  const texts: ToolText[] = [{ field: 'name', text: tool.name }];
  if (typeof tool.title === 'string') texts.push({ field: 'title', text: tool.title });
  if (typeof tool.description === 'string') texts.push({ field: 'description', text: tool.description });
  if (isRecord(tool.annotations)) {
    for (const [key, value] of Object.entries(tool.annotations)) if (typeof value === 'string') texts.push({ field: `annotations.${key}`, text: value });
  }
  collectSchema(tool.inputSchema, 'inputSchema', 0, texts);
  return texts;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function collectStrings(value: unknown, field: string, texts: ToolText[], depth: number): void {
  if (texts.length >= MAX_TEXTS || depth > MAX_DEPTH) return;
  if (typeof value === 'string') texts.push({ field, text: value });
  else if (Array.isArray(value)) value.forEach((item, i) => collectStrings(item, `${field}[${i}]`, texts, depth + 1));
  else if (isRecord(value)) for (const [key, item] of Object.entries(value)) collectStrings(item, `${field}.${key}`, texts, depth + 1);
}

function collectSchema(node: unknown, field: string, depth: number, texts: ToolText[]): void {
  if (!isRecord(node) || depth > MAX_DEPTH || texts.length >= MAX_TEXTS) return;
  for (const [key, value] of Object.entries(node)) {
    const at = `${field}.${key}`;
    if (PROSE_KEYS.has(key)) collectStrings(value, at, texts, depth);
    else if ((key === 'properties' || key === 'patternProperties' || key === '$defs' || key === 'definitions') && isRecord(value)) {
      for (const [name, child] of Object.entries(value)) {
        if (key === 'properties') texts.push({ field: `${at}.${name}`, text: name });
        collectSchema(child, `${at}.${name}`, depth + 1, texts);
      }
    } else if (Array.isArray(value)) value.forEach((child, i) => collectSchema(child, `${at}[${i}]`, depth + 1, texts));
    else if (isRecord(value)) collectSchema(value, at, depth + 1, texts);
  }
}
