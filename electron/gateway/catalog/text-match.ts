// Word-level matching for the risk classifier: tool names split into words
// (snake_case, camelCase, kebab-case, dotted), descriptions split into sentences and
// words, and phrase search that respects word boundaries and negations.

/** A word this close after one of these does not count: "does not delete", "without sending". */
const NEGATORS = new Set(['not', 'no', 'never', 'without', 'non', 'doesnt', 'dont', 'wont', 'cannot', 'cant', 'nor', 'neither', 'isnt', 'arent']);
const NEGATION_REACH = 3;

/** Words that may sit between a clause start and its verb: "Safely delete", "or completely overwrite", "Re-fetch". */
const SKIPPABLE_BEFORE_VERB = /^(re|pre|also|then|just|only|safely|please)$|ly$/;

/** Tokens that open a clause in a description: its verb follows. */
const CLAUSE_OPENERS = new Set(['and', 'or', 'then', 'also', ',', ';', ':', '/', '(', '—', '-', '+', '&']);

export { nameWords } from '../../../shared/name-words.js';

/** The first sentence: tool descriptions lead with what the tool does. */
export function firstSentence(text: string): string {
  const end = text.search(/[.!?](\s|$)|\n/);
  return end === -1 ? text : text.slice(0, end);
}

/**
 * Lower-case words and the punctuation that separates clauses ("," ";" ":" "/" "(" "—"), in
 * order. Identifiers stay whole (`ai_invoice`, `account.move`, `execute_kw`): they name
 * things, they are not words of the sentence.
 */
export function textTokens(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/['’]/g, '')
      .match(/[a-z0-9]+(?:[_.][a-z0-9]+)*|[,;:/(—+&]|\s-\s/g)
      ?.map((t) => t.trim()) ?? []
  );
}

/** Does a text word stand for the rule's word: itself, or its third-person/plural form (delete → deletes, copy → copies)? */
export function isFormOf(word: string, base: string): boolean {
  if (word === base) return true;
  if (word === `${base}s` || word === `${base}es`) return true;
  return base.endsWith('y') && word === `${base.slice(0, -1)}ies`;
}

/** A phrase in rule data: words, where `*` stands for up to two words ("any * method"). */
function phraseParts(phrase: string): string[] {
  return phrase.toLowerCase().split(/\s+/).filter((p) => p !== '');
}

/** Index just past the match of `parts` starting at `start`, or -1. Words only: clause punctuation never matches. */
function matchAt(words: string[], start: number, parts: string[], exact: boolean): number {
  let i = start;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    if (part === '*') {
      const next = parts[p + 1];
      if (next === undefined) return i;
      for (let gap = 0; gap <= 2; gap++) {
        const end = matchAt(words, i + gap, parts.slice(p + 1), exact);
        if (end !== -1 && words.slice(i, i + gap).every(isWord)) return end;
      }
      return -1;
    }
    const word = words[i];
    if (word === undefined || !(exact ? word === part : isFormOf(word, part))) return -1;
    i++;
  }
  return i;
}

const isWord = (token: string): boolean => /^[a-z0-9]+$/.test(token);

function negated(tokens: string[], at: number): boolean {
  for (let k = Math.max(0, at - NEGATION_REACH); k < at; k++) if (NEGATORS.has(tokens[k]!)) return true;
  return false;
}

/** Exact words of a tool name (no inflections: `get_updates` is not "update"). Returns the words matched. */
export function findNameWord(words: string[], phrase: string): string | undefined {
  const parts = phraseParts(phrase);
  for (let i = 0; i < words.length; i++) {
    const end = matchAt(words, i, parts, true);
    if (end !== -1) return words.slice(i, end).join(' ');
  }
  return undefined;
}

/** The phrase anywhere in the tokens, not negated. Returns the words matched. */
export function findPhrase(tokens: string[], phrase: string): string | undefined {
  const parts = phraseParts(phrase);
  for (let i = 0; i < tokens.length; i++) {
    const end = matchAt(tokens, i, parts, false);
    if (end !== -1 && !negated(tokens, i)) return tokens.slice(i, end).join(' ');
  }
  return undefined;
}

/**
 * The phrase as a verb: at the start of a clause (the sentence start, or after "and",
 * "or", ",", "/" …, allowing an adverb such as "safely"), and not negated. So "Search and
 * read records in one call" says search and read, but not call; "Demonstrates … progress
 * updates" does not say update. Returns the words matched.
 */
export function findVerb(tokens: string[], phrase: string): string | undefined {
  const parts = phraseParts(phrase);
  for (let i = 0; i < tokens.length; i++) {
    const end = matchAt(tokens, i, parts, false);
    if (end === -1 || negated(tokens, i)) continue;
    let k = i - 1;
    while (k >= 0 && SKIPPABLE_BEFORE_VERB.test(tokens[k]!)) k--;
    if (k < 0 || CLAUSE_OPENERS.has(tokens[k]!)) return tokens.slice(i, end).join(' ');
  }
  return undefined;
}
