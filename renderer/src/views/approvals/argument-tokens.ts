// An approval's arguments as coloured JSON tokens, with the values at its secret paths as
// their own tokens, so the card can show them masked and reveal them one by one. Every
// value is there in full: nothing is cut, the card scrolls.
import type { ArgumentPath } from '../../../../shared/approvals.js';

export type ArgumentToken =
  | { kind: 'k' | 's' | 'n' | 'b' | 'p'; text: string }
  /** A secret-looking value: `text` is its JSON; `index` is its place in secretPaths. */
  | { kind: 'secret'; text: string; index: number };

const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

export function argumentTokens(args: unknown, secretPaths: readonly ArgumentPath[]): ArgumentToken[] {
  if (args === undefined) return [];
  // Each secret value is swapped for a marker that cannot occur in JSON text by chance.
  const nonce = Math.random().toString(36).slice(2);
  const marker = (i: number) => `\u2063${nonce}:${i}\u2063`;
  const markerToken = new RegExp(`^"\u2063${nonce}:(\\d+)\u2063"$`);
  const secrets: string[] = [];
  let marked: unknown = args;
  secretPaths.forEach((path, i) => {
    const found = valueAt(args, path);
    if (!found.present) return;
    secrets[i] = JSON.stringify(found.value) ?? 'null';
    marked = path.length === 0 ? marker(i) : replaceAt(marked === args ? jsonCopy(args) : marked, path, marker(i));
  });

  const text = JSON.stringify(marked, null, 2) ?? '';
  const out: ArgumentToken[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const at = match.index ?? 0;
    if (at > last) out.push({ kind: 'p', text: text.slice(last, at) });
    if (match[1] !== undefined) {
      const secret = match[2] ? null : markerToken.exec(match[1]);
      if (secret) out.push({ kind: 'secret', text: secrets[Number(secret[1])]!, index: Number(secret[1]) });
      else out.push({ kind: match[2] ? 'k' : 's', text: match[1] });
      if (match[2]) out.push({ kind: 'p', text: match[2] });
    } else if (match[3] !== undefined) out.push({ kind: 'b', text: match[3] });
    else out.push({ kind: 'n', text: match[0] });
    last = at + match[0].length;
  }
  if (last < text.length) out.push({ kind: 'p', text: text.slice(last) });
  return out;
}

/** A copy by JSON: the arguments are JSON, and a Svelte state proxy cannot be structuredClone'd. */
function jsonCopy(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function valueAt(root: unknown, path: ArgumentPath): { present: boolean; value?: unknown } {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, segment)) return { present: false };
    value = (value as Record<string | number, unknown>)[segment];
  }
  return { present: true, value };
}

function replaceAt(root: unknown, path: ArgumentPath, replacement: unknown): unknown {
  let parent = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = replacement;
  return root;
}

/** One top-level argument: its name (none for arguments that are not an object) and its value's tokens. */
export interface ArgumentEntry {
  name?: string;
  tokens: ArgumentToken[];
  /** Characters of the value's JSON, to say when it is long. */
  chars: number;
}

/**
 * The arguments one top-level entry at a time, so a 3 KB command scrolls in its own box and
 * every other argument stays in sight. Secret tokens keep their index into `secretPaths`.
 */
export function argumentEntries(args: unknown, secretPaths: readonly ArgumentPath[]): ArgumentEntry[] {
  const entry = (value: unknown, paths: Array<[ArgumentPath, number]>, name?: string): ArgumentEntry => {
    const tokens = argumentTokens(
      value,
      paths.map(([path]) => path),
    ).map((t) => (t.kind === 'secret' ? { ...t, index: paths[t.index]![1] } : t));
    return { ...(name === undefined ? {} : { name }), tokens, chars: tokens.reduce((n, t) => n + t.text.length, 0) };
  };
  const all = secretPaths.map((path, i) => [path, i] as [ArgumentPath, number]);
  if (args !== null && typeof args === 'object' && !Array.isArray(args) && Object.keys(args).length === 0) return []; // "no arguments"
  if (args === null || typeof args !== 'object' || Array.isArray(args) || all.some(([p]) => p.length === 0)) {
    return args === undefined ? [] : [entry(args, all)];
  }
  return Object.entries(args).map(([name, value]) =>
    entry(
      value,
      all.filter(([p]) => p[0] === name).map(([p, i]) => [p.slice(1), i]),
      name,
    ),
  );
}
