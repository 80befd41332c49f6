// Text a person can inspect: characters that render as nothing (Unicode tags, zero-width
// and bidi controls, other format characters) become `⟨U+E0041⟩` markers. The catalog's
// poisoning flags are shown this way in the window and the CLI, so hidden content is seen.

/** Format characters (Cf): zero-width, bidi controls, tags, soft hyphen, word joiner… */
const FORMAT = /^\p{Cf}$/u;
/** Blank letters (Hangul fillers) and variation selectors: they render as nothing too. */
const BLANK = new Set([0x115f, 0x1160, 0x3164, 0xffa0]);

/** Invisible or direction-changing: tags, zero-width, bidi controls, other Cf characters, variation selectors. */
export function isInvisible(char: string): boolean {
  const code = char.codePointAt(0)!;
  return FORMAT.test(char) || BLANK.has(code) || (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xe0100 && code <= 0xe01ef) || (code >= 0xe0000 && code <= 0xe007f);
}

export function codePointLabel(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export interface TextPiece {
  text: string;
  /** A marker standing for one invisible character. */
  invisible: boolean;
}

/** 10+ spaces or tabs, or 3+ line breaks with only spaces between: shown as one marker, not as a gap. */
const WHITESPACE_RUN = /[ \t\u00A0\u2000-\u200A\u3000]{10,}|(?:[ \t]*\r?\n){3,}[ \t]*/g;

/** The text split into visible runs, one marker per invisible character and one per long whitespace run. */
export function visiblePieces(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const m of text.matchAll(WHITESPACE_RUN)) {
    pieces.push(...characterPieces(text.slice(last, m.index)));
    const breaks = m[0].split('\n').length - 1;
    pieces.push({ text: `⟨${m[0].length} whitespace${breaks > 0 ? `, ${breaks} line breaks` : ''}⟩`, invisible: true });
    last = m.index + m[0].length;
  }
  pieces.push(...characterPieces(text.slice(last)));
  return pieces;
}

function characterPieces(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let run = '';
  for (const char of text) {
    if (!isInvisible(char)) {
      run += char;
      continue;
    }
    if (run !== '') pieces.push({ text: run, invisible: false });
    run = '';
    pieces.push({ text: `⟨${codePointLabel(char)}⟩`, invisible: true });
  }
  if (run !== '') pieces.push({ text: run, invisible: false });
  return pieces;
}

/** The text with every invisible character shown as its marker. */
export function visibleText(text: string): string {
  return visiblePieces(text).map((p) => p.text).join('');
}
