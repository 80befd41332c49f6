// What the classifier looks at in one tool, computed once: the words of its name (and
// which of them is its verb), its description's first sentence and full text, its input
// fields, and the hints its server stated.
import type { ToolListing } from '../../../shared/catalog.js';
import { statedHints, type StatedHints } from './annotation-hints.js';
import { firstSentence, nameWords, textTokens } from './text-match.js';

export interface SchemaField {
  /** `amount`, `items[].amount`, `payee.iban`. */
  path: string;
  words: string[];
  types: string[];
}

export interface ToolFeatures {
  nameWords: string[];
  /** The name's verb and any verbs chained to it by and/or. */
  nameVerbs: string[];
  /** Words after the name's verb. */
  nameObjects: string[];
  summaryTokens: string[];
  descriptionTokens: string[];
  fields: SchemaField[];
  hints: StatedHints;
}

const MAX_FIELDS = 500;
const MAX_DEPTH = 5;

/** `knownVerbs`: every word that some rule lists as a name verb. */
export function toolFeatures(tool: ToolListing, knownVerbs: ReadonlySet<string>): ToolFeatures {
  const words = nameWords(tool.name);
  const first = words.findIndex((w) => knownVerbs.has(w));
  const verbs: string[] = [];
  let last = first;
  if (first !== -1) {
    verbs.push(words[first]!);
    while ((words[last + 1] === 'and' || words[last + 1] === 'or') && knownVerbs.has(words[last + 2] ?? '')) {
      verbs.push(words[last + 2]!);
      last += 2;
    }
  }
  const description = typeof tool.description === 'string' ? tool.description : '';
  return {
    nameWords: words,
    nameVerbs: verbs,
    nameObjects: first === -1 ? [] : words.slice(last + 1),
    summaryTokens: textTokens(firstSentence(description)),
    descriptionTokens: textTokens(description),
    fields: schemaFields(tool.inputSchema),
    hints: statedHints(tool.annotations),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typesOf(schema: Record<string, unknown>): string[] {
  const { type } = schema;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return [];
}

/** Every named input property, nested objects and array items included. */
export function schemaFields(schema: unknown): SchemaField[] {
  const fields: SchemaField[] = [];
  const visit = (node: unknown, prefix: string, depth: number): void => {
    if (!isRecord(node) || depth > MAX_DEPTH) return;
    const items = node.items;
    if (isRecord(items)) visit(items, `${prefix}[]`, depth + 1);
    const properties = node.properties;
    if (!isRecord(properties)) return;
    for (const [key, child] of Object.entries(properties)) {
      if (fields.length >= MAX_FIELDS) return;
      const path = prefix === '' ? key : `${prefix}.${key}`;
      fields.push({ path, words: nameWords(key), types: isRecord(child) ? typesOf(child) : [] });
      visit(child, path, depth + 1);
    }
  };
  visit(schema, '', 0);
  return fields;
}
