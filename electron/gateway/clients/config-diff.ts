// What a connect or disconnect would change, as a unified diff, with env and header values
// masked: they hold the client's secrets and the grant token, and the diff is printed.
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { diffLines } from '../catalog/line-diff.js';

const MASK = '"***"';

/** Replaces every string value under `env` and `headers` of the given entries with "***". */
export function maskSecrets(text: string, entryPaths: readonly (readonly string[])[]): string {
  const root = parseTree(text, [], { allowTrailingComma: true, allowEmptyContent: true });
  if (!root) return text;
  // Keyed by offset: a path given twice must not be masked twice.
  const ranges = new Map<number, number>();
  for (const entryPath of entryPaths) {
    for (const field of ['env', 'headers']) {
      const node = findNodeAtLocation(root, [...entryPath, field]);
      for (const property of node?.type === 'object' ? (node.children ?? []) : []) {
        const value: Node | undefined = property.children?.[1];
        if (value?.type === 'string') ranges.set(value.offset, value.length);
      }
    }
  }
  let out = text;
  for (const [offset, length] of [...ranges].sort((a, b) => b[0] - a[0])) out = out.slice(0, offset) + MASK + out.slice(offset + length);
  return out;
}

type Op = { op: 'same' | 'removed' | 'added'; text: string };

/** A unified diff (`---`/`+++`, `@@` hunks, 3 lines of context); empty when nothing changes. */
export function unifiedDiff(before: string, after: string, label: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  // Edits touch a few entries of what may be a long file: align only the part that differs.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  // diffLines reads '' as no lines at all, so every line gets a one-character prefix while it aligns them.
  const prefixed = (lines: string[]) => lines.map((line) => `|${line}`).join('\n');
  const middle = diffLines(prefixed(a.slice(start, endA)), prefixed(b.slice(start, endB))).map((o) => ({ op: o.op, text: o.text.slice(1) }));
  const ops: Op[] = [...a.slice(0, start).map((text) => ({ op: 'same' as const, text })), ...middle, ...a.slice(endA).map((text) => ({ op: 'same' as const, text }))];
  return [`--- ${label} (before)`, `+++ ${label} (after)`, ...hunks(ops, context)].join('\n') + '\n';
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function hunks(ops: Op[], context: number): string[] {
  const changed = ops.map((o, i) => (o.op === 'same' ? -1 : i)).filter((i) => i >= 0);
  const out: string[] = [];
  let index = 0;
  while (index < changed.length) {
    const first = changed[index]!;
    let last = first;
    while (index + 1 < changed.length && changed[index + 1]! - last <= context * 2 + 1) last = changed[++index]!;
    index++;
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length, last + context + 1);
    let oldLine = 1;
    let newLine = 1;
    for (const o of ops.slice(0, from)) {
      if (o.op !== 'added') oldLine++;
      if (o.op !== 'removed') newLine++;
    }
    const slice = ops.slice(from, to);
    const oldCount = slice.filter((o) => o.op !== 'added').length;
    const newCount = slice.filter((o) => o.op !== 'removed').length;
    out.push(`@@ -${oldCount ? oldLine : oldLine - 1},${oldCount} +${newCount ? newLine : newLine - 1},${newCount} @@`);
    for (const o of slice) out.push(`${o.op === 'added' ? '+' : o.op === 'removed' ? '-' : ' '}${o.text}`);
  }
  return out;
}
