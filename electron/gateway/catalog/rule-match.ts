// Evaluates one rule's matchers against a tool's features. Returns the evidence, worded
// for people ("name contains 'unlink'", "schema field 'amount' (number)"); empty when
// nothing hit.
import type { RuleMatch, SchemaFieldPattern } from './risk-rules.js';
import type { SchemaField, ToolFeatures } from './tool-features.js';
import { findNameWord, findPhrase, findVerb } from './text-match.js';

const quoted = (words: string[]): string => [...new Set(words)].map((w) => `'${w}'`).join(', ');

function fieldMatches(field: SchemaField, pattern: SchemaFieldPattern): boolean {
  const found = findNameWord(field.words, pattern.name);
  if (found === undefined || (pattern.whole === true && found !== field.words.join(' '))) return false;
  // A property without a declared type could be anything: let it match.
  return pattern.types === undefined || field.types.length === 0 || field.types.some((t) => pattern.types!.includes(t));
}

const found = (patterns: readonly string[] | undefined, find: (pattern: string) => string | undefined): string[] =>
  (patterns ?? []).map(find).filter((m): m is string => m !== undefined);

export function matchEvidence(match: RuleMatch, tool: ToolFeatures): string[] {
  const evidence: string[] = [];
  const inName = [
    ...found(match.nameVerbs, (w) => findNameWord(tool.nameVerbs, w)),
    ...found(match.nameObjects, (w) => findNameWord(tool.nameObjects, w)),
    ...found(match.nameWords, (w) => findNameWord(tool.nameWords, w)),
  ];
  if (inName.length > 0) evidence.push(`name contains ${quoted(inName)}`);

  const says = found(match.summaryVerbs, (p) => findVerb(tool.summaryTokens, p));
  if (says.length > 0) evidence.push(`description says ${quoted(says)}`);

  const mentions = [
    ...found(match.summaryWords, (p) => findPhrase(tool.summaryTokens, p)),
    ...found(match.descriptionPhrases, (p) => findPhrase(tool.descriptionTokens, p)),
  ];
  if (mentions.length > 0) evidence.push(`description mentions ${quoted(mentions)}`);

  for (const pattern of match.schemaFields ?? []) {
    for (const field of tool.fields) {
      if (!fieldMatches(field, pattern)) continue;
      const type = field.types.length > 0 ? ` (${field.types.join('|')})` : '';
      evidence.push(`schema field '${field.path}'${type}`);
    }
  }

  for (const [hint, value] of Object.entries(match.annotations ?? {})) {
    if (tool.hints[hint as keyof typeof tool.hints] === value) evidence.push(`annotation ${hint}: ${value}`);
  }
  return [...new Set(evidence)];
}
