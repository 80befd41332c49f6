// Where a JSON path sits in a document's text, so a validation error can be drawn
// under the exact key or value in CodeMirror. Uses the Lezer JSON grammar that
// CodeMirror's JSON mode is built on, so it also works on text that does not parse.
import { jsonLanguage } from '@codemirror/lang-json';
import type { SyntaxNode } from '@lezer/common';
import type { DocPath } from './doc-path.js';

export interface TextRange {
  from: number;
  to: number;
}

const VALUE_NODES = new Set(['Object', 'Array', 'String', 'Number', 'True', 'False', 'Null']);

function valueOf(node: SyntaxNode | null): SyntaxNode | null {
  for (let child = node?.firstChild ?? null; child; child = child.nextSibling) if (VALUE_NODES.has(child.name)) return child;
  return null;
}

function propertyNamed(object: SyntaxNode, key: string, text: string): SyntaxNode | null {
  for (let child = object.firstChild; child; child = child.nextSibling) {
    if (child.name !== 'Property') continue;
    const name = child.getChild('PropertyName');
    if (!name) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.slice(name.from, name.to));
    } catch {
      continue;
    }
    if (parsed === key) return child;
  }
  return null;
}

function element(array: SyntaxNode, index: number): SyntaxNode | null {
  let i = 0;
  for (let child = array.firstChild; child; child = child.nextSibling) {
    if (!VALUE_NODES.has(child.name)) continue;
    if (i++ === index) return child;
  }
  return null;
}

/** Cuts a range to the end of its first line, so a whole object is not underlined. */
function firstLine(text: string, from: number, to: number): TextRange {
  const newline = text.indexOf('\n', from);
  return { from, to: newline >= 0 && newline < to ? newline : to };
}

/**
 * The range of `path` in `text`: key and value for an object member, the value for a
 * list element (each cut to its first line); where the path does not exist (a missing key), its nearest existing parent.
 */
export function locateJsonPath(text: string, path: DocPath): TextRange {
  const tree = jsonLanguage.parser.parse(text);
  let node = valueOf(tree.topNode);
  if (!node) return { from: 0, to: Math.min(text.length, 1) };
  let range: TextRange = firstLine(text, node.from, node.to);
  for (const segment of path) {
    if (typeof segment === 'string' && node.name === 'Object') {
      const property = propertyNamed(node, segment, text);
      if (!property) break;
      const name = property.getChild('PropertyName') ?? property;
      const value = valueOf(property);
      range = firstLine(text, name.from, value?.to ?? name.to);
      if (!value) break;
      node = value;
    } else if (typeof segment === 'number' && node.name === 'Array') {
      const item = element(node, segment);
      if (!item) break;
      range = firstLine(text, item.from, item.to);
      node = item;
    } else break;
  }
  return range;
}
