// Paths into a policy document, both ways: the segments the builder edits by
// (`['tools', 'x', 'limits', 0, 'max']`) and the text the validator names them by
// (`tools.x.limits[0].max`, `tools["odoo.read"]`).
import { childPath } from '../../../../shared/policy/json-path.js';

export type DocPath = readonly (string | number)[];

export function formatDocPath(path: DocPath): string {
  return path.reduce<string>((text, key) => childPath(text, key), '');
}

/** Splits a validator path back into segments; unreadable rest is kept as one key. */
export function parseDocPath(text: string): (string | number)[] {
  const segments: (string | number)[] = [];
  let rest = text;
  while (rest.length > 0) {
    if (rest.startsWith('.')) rest = rest.slice(1);
    const index = /^\[(\d+)\]/.exec(rest);
    if (index) {
      segments.push(Number(index[1]));
      rest = rest.slice(index[0].length);
      continue;
    }
    const quoted = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest);
    if (quoted) {
      segments.push(JSON.parse(quoted[1] as string) as string);
      rest = rest.slice(quoted[0].length);
      continue;
    }
    const name = /^[^.[]+/.exec(rest);
    if (!name) {
      segments.push(rest);
      break;
    }
    segments.push(name[0]);
    rest = rest.slice(name[0].length);
  }
  return segments;
}
