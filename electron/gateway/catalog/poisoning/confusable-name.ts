// Names that imitate others: a tool name with characters that look like ASCII letters but
// are not (a Cyrillic `е` in `dеlete_all`, a Greek `ο`, fullwidth `ｄ`). Which characters
// look alike comes from Unicode's confusables data through the `confusables` package.
import { confusablesMap } from 'confusables';
import type { ToolFlag } from '../../../../shared/catalog.js';
import { codePointLabel } from '../../../../shared/visible-text.js';
import { toolFlag } from './tool-flag.js';

const ASCII = /^[\x20-\x7e]$/;

/** The ASCII look-alike of one character, if it is a non-ASCII confusable. */
export function lookAlike(char: string): string | undefined {
  if (ASCII.test(char)) return undefined;
  const base = confusablesMap.get(char);
  return base !== undefined && /^[\x21-\x7e]+$/.test(base) ? base : undefined;
}

/** What a name looks like to a reader: each confusable replaced by its ASCII look-alike, lower-cased. */
export function skeleton(name: string): string {
  let out = '';
  for (const char of name) out += lookAlike(char) ?? char;
  return out.toLowerCase();
}

export function confusableName(name: string): ToolFlag[] {
  const flags: ToolFlag[] = [];
  let offset = 0;
  for (const char of name) {
    const base = lookAlike(char);
    if (base !== undefined) {
      flags.push(
        toolFlag('confusable-name', `the name '${name}' contains '${char}' (${codePointLabel(char)}), which looks like '${base}': it reads as '${skeleton(name)}'`, { field: 'name', text: name }, offset, offset + char.length),
      );
    }
    offset += char.length;
  }
  return flags;
}
