// A tool removed and re-added under a new name with the same definition: a rename escapes
// the old name's review and the policy rules that name it. Caught when a new tool's
// description and input schema are those of a tool the same server no longer lists.
import type { ToolDefinition, ToolFlag } from '../../../../shared/catalog.js';
import { canonicalJson } from '../definition-hash.js';
import { toolFlag } from './tool-flag.js';

export interface RemovedTool {
  name: string;
  definition: ToolDefinition;
  removedAt: string;
}

/** What a rename keeps: the description and the input schema (the title often carries the name). */
function substance(definition: ToolDefinition): string | undefined {
  const description = definition.description?.trim() ?? '';
  const schema = canonicalJson(definition.inputSchema ?? {});
  // An empty definition matches any other empty one: no evidence of a rename.
  if (description === '' && /^\{("type":"object")?\}$|^\{"properties":\{\},"type":"object"\}$/.test(schema)) return undefined;
  return `${description}\u0000${schema}`;
}

export function renamed(name: string, definition: ToolDefinition, removed: readonly RemovedTool[]): ToolFlag[] {
  const mine = substance(definition);
  if (mine === undefined) return [];
  return removed
    .filter((old) => old.name !== name && substance(old.definition) === mine)
    .map((old) =>
      toolFlag('renamed', `same definition as '${old.name}', which this server stopped listing (${old.removedAt}): a rename escapes the old name's review and rules`, { field: 'name', text: name }, 0, name.length),
    );
}
