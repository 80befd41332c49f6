// Hidden content: text a person reading the definition does not see but a model reads.
// Unicode tag characters (an invisible copy of ASCII), zero-width and bidi controls, long
// whitespace runs that push text out of view, HTML comments, and base64 blobs.
import type { ToolFlag } from '../../../../shared/catalog.js';
import { codePointLabel } from '../../../../shared/visible-text.js';
import { describeField, toolFlag } from './tool-flag.js';
import type { ToolText } from './tool-texts.js';

const TAGS = /[\u{E0000}-\u{E007F}]+/gu;
/** Zero-width characters, bidi embeddings/overrides/isolates and marks, soft hyphen, word joiner, invisible operators. */
const INVISIBLE_CONTROLS = /[\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u3164\uFEFF\uFFA0]+/gu;
/** 20+ spaces or tabs in a row, or 5+ blank lines: enough to push what follows out of a reviewer's view. */
const WHITESPACE_RUN = /[ \t\u00A0\u2000-\u200A\u3000]{20,}|(?:[ \t]*\r?\n){6,}/g;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
/** 40+ base64 characters (standard or URL-safe) with optional padding. */
const BASE64 = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{40,}={0,2}/g;

/** Cheap tests first: most texts are plain ASCII prose and skip every scan below. */
const NON_ASCII = /[^\t\n\r -~]/;
const LONG_RUN = /[A-Za-z0-9+/_-]{40}/;
const MAYBE_WHITESPACE_RUN = /[ \t\u00A0\u2000-\u200A\u3000]{10}|\n[ \t]*\r?\n[ \t]*\r?\n/;

export function hiddenContent(texts: readonly ToolText[]): ToolFlag[] {
  const flags: ToolFlag[] = [];
  for (const source of texts) {
    const { text } = source;
    if (NON_ASCII.test(text)) scanInvisible(source, flags);
    if (text.length < 20) continue;
    if (MAYBE_WHITESPACE_RUN.test(text)) scanWhitespace(source, flags);
    if (text.includes('<!--')) scanComments(source, flags);
    if (LONG_RUN.test(text)) scanBase64(source, flags);
  }
  return flags;
}

function scanInvisible(source: ToolText, flags: ToolFlag[]): void {
  const where = describeField(source.field);
  for (const m of source.text.matchAll(TAGS)) {
    const decoded = [...m[0]].map((c) => String.fromCodePoint(c.codePointAt(0)! - 0xe0000)).join('').replace(/[^\x20-\x7e]/g, '');
    flags.push(toolFlag('hidden-content', `${[...m[0]].length} invisible Unicode tag characters in ${where}${decoded ? `; they spell "${shorten(decoded)}"` : ''}`, source, m.index, m.index + m[0].length));
  }
  for (const m of source.text.matchAll(INVISIBLE_CONTROLS)) {
    if (m.index === 0 && m[0] === '\uFEFF') continue; // a byte-order mark at the start is an encoding artefact
    const labels = [...new Set([...m[0]].map(codePointLabel))].join(', ');
    flags.push(toolFlag('hidden-content', `invisible or direction-changing characters (${labels}) in ${where}`, source, m.index, m.index + m[0].length));
  }
}

function scanWhitespace(source: ToolText, flags: ToolFlag[]): void {
  for (const m of source.text.matchAll(WHITESPACE_RUN)) {
    if (source.text.slice(m.index + m[0].length).trim() === '') continue; // trailing padding hides nothing
    flags.push(toolFlag('hidden-content', `a run of ${m[0].length} whitespace characters in ${describeField(source.field)} pushes the text after it out of view`, source, m.index, m.index + m[0].length));
  }
}

function scanComments(source: ToolText, flags: ToolFlag[]): void {
  for (const m of source.text.matchAll(HTML_COMMENT)) {
    flags.push(toolFlag('hidden-content', `an HTML comment in ${describeField(source.field)}: a model reads it, a rendered view hides it`, source, m.index, m.index + m[0].length));
  }
}

function scanBase64(source: ToolText, flags: ToolFlag[]): void {
  for (const m of source.text.matchAll(BASE64)) {
    if (!looksEncoded(m[0], source.text.slice(Math.max(0, m.index - 200), m.index))) continue;
    const decoded = decodedText(m[0]);
    flags.push(toolFlag('hidden-content', `a base64 blob in ${describeField(source.field)}${decoded ? `; it decodes to "${shorten(decoded)}"` : ''}`, source, m.index, m.index + m[0].length));
  }
}

/**
 * Identifiers, words and URL paths are long too. Encoded data mixes upper case, lower case
 * and digits throughout: base64 of text is about a third capitals, with digits every few characters.
 */
function looksEncoded(blob: string, before: string): boolean {
  if (/:\/\/\S*$|[\w-]+\.[a-z]{2,}\/\S*$/i.test(before)) return false; // inside a URL
  const body = blob.replace(/=+$/, '');
  const count = (re: RegExp) => (body.match(re) ?? []).length / body.length;
  if (count(/[A-Z]/g) < 0.15 || count(/[a-z]/g) < 0.15 || count(/[0-9+/_-]/g) < 0.04) return false;
  if (/[_-]/.test(body) && /[+/]/.test(body)) return false; // both alphabets at once: not one encoding
  return true;
}

/** The blob's text when it decodes to mostly printable ASCII. */
function decodedText(blob: string): string | undefined {
  try {
    const text = Buffer.from(blob.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
    const printable = text.replace(/[^\x20-\x7e\n\t]/g, '');
    return printable.length >= text.length * 0.9 && printable.length > 0 ? printable : undefined;
  } catch {
    return undefined;
  }
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
