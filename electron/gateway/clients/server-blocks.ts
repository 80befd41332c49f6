// Where, inside a client's config document, the servers are: the JSON objects that map a
// server name to its entry. Most clients have one (`mcpServers`); Claude Code's ~/.claude.json
// has one per project too; VS Code's settings.json nests them under "mcp".
import path from 'node:path';
import type { ClientId } from './client-kinds.js';
import type { ConfigScope } from './config-locations.js';

/** `local`: Claude Code's per-project servers kept in ~/.claude.json. */
export type EntryScope = ConfigScope | 'local';

export interface ServerBlock {
  /** JSON path of the object whose properties are server entries. */
  path: string[];
  scope: EntryScope;
  /** For Claude Code's per-project blocks: the project folder. */
  project?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every server block present in the document, in file order. */
export function findServerBlocks(client: ClientId, doc: Record<string, unknown>, fileScope: ConfigScope): ServerBlock[] {
  const blocks: ServerBlock[] = [];
  const add = (jsonPath: string[], value: unknown, extra: Partial<ServerBlock> = {}) => {
    if (isObject(value)) blocks.push({ path: jsonPath, scope: fileScope, ...extra });
  };
  if (client === 'vscode') {
    add(['servers'], doc.servers); // mcp.json
    if (isObject(doc.mcp)) add(['mcp', 'servers'], doc.mcp.servers); // settings.json, nested
    add(['mcp.servers'], doc['mcp.servers']); // settings.json, dotted key
    return blocks;
  }
  add(['mcpServers'], doc.mcpServers);
  if (client === 'claude-code' && isObject(doc.projects)) {
    for (const [project, settings] of Object.entries(doc.projects)) {
      if (isObject(settings)) add(['projects', project, 'mcpServers'], settings.mcpServers, { scope: 'local', project });
    }
  }
  return blocks;
}

/** Where a new entry goes when the file has no server block yet. */
export function defaultBlockPath(client: ClientId, file: string): string[] {
  if (client !== 'vscode') return ['mcpServers'];
  return path.basename(file) === 'settings.json' ? ['mcp', 'servers'] : ['servers'];
}
