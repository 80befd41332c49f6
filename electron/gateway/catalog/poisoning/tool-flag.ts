// Builds a finding from the text it was found in: the offending span, and an excerpt
// around it so the window and the CLI can show it in place.
import type { FlagKind, ToolFlag } from '../../../../shared/catalog.js';
import type { ToolText } from './tool-texts.js';

const CONTEXT = 80;

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

export function toolFlag(kind: FlagKind, reason: string, source: ToolText, start: number, end: number): ToolFlag {
  const { text } = source;
  let from = Math.max(0, start - CONTEXT);
  let to = Math.min(text.length, end + CONTEXT);
  // Never cut a surrogate pair (tag characters are astral).
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from--;
  if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to++;
  return {
    kind,
    reason,
    text: text.slice(start, end),
    field: source.field,
    excerpt: `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`,
    at: start - from + (from > 0 ? 1 : 0),
  };
}

/** Where a field sits, in words: "the description", "the description of input 'path'". */
export function describeField(field: string): string {
  const input = /^inputSchema\.properties\.([^.]+)(?:\.(\w+))?/.exec(field);
  if (input) return input[2] === undefined ? `the name of input '${input[1]}'` : `the ${input[2]} of input '${input[1]}'`;
  if (field.startsWith('inputSchema')) return `the input schema (${field})`;
  if (field.startsWith('annotations.')) return `annotation ${field.slice('annotations.'.length)}`;
  return `the ${field}`;
}
