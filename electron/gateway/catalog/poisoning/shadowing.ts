// Names that shadow a tool of another server on the aggregate endpoint (`/mcp`, where every
// server's tools sit side by side as `<server>__<tool>`):
// - a name that looks like another server's tool but is not the same string (`Send_Email`,
//   `read_fіle` with a Ukrainian і), when the other was there first;
// - a name made like another server's name on /mcp (`github__create_issue` on server `evil`).
// The same plain name on two servers (`search` on both) is not shadowing: /mcp keeps them apart;
// so is an exact /mcp name collision (server `a` tool `b__x`, server `a__b` tool `x`), which
// /mcp resolves by giving the later one a hashed name (session/name-map.ts).
import type { ToolFlag } from '../../../../shared/catalog.js';
import { toolFlag } from './tool-flag.js';

export interface NamedTool {
  serverId: string;
  name: string;
  firstSeen: string;
}

export const AGGREGATE_SEPARATOR = '__';

export const aggregateName = (tool: Pick<NamedTool, 'serverId' | 'name'>): string => `${tool.serverId}${AGGREGATE_SEPARATOR}${tool.name}`;

/** Tools of other servers that the checks compare with (see CatalogFlags for the index). */
export interface ShadowCandidates {
  /** Whose name has the same skeleton as this tool's name. */
  lookAlikes: readonly NamedTool[];
  /** Whose /mcp name has the same skeleton as this tool's plain name. */
  imitated: readonly NamedTool[];
}

const cameFirst = (other: NamedTool, tool: NamedTool): boolean =>
  other.firstSeen < tool.firstSeen || (other.firstSeen === tool.firstSeen && other.serverId < tool.serverId);

export function shadowing(tool: NamedTool, candidates: ShadowCandidates): ToolFlag[] {
  const flags: ToolFlag[] = [];
  const source = { field: 'name', text: tool.name };
  const flag = (reason: string) => flags.push(toolFlag('shadowing', reason, source, 0, tool.name.length));
  const others = (list: readonly NamedTool[]) => list.filter((other) => other.serverId !== tool.serverId);

  for (const other of others(candidates.imitated)) {
    flag(`named like '${aggregateName(other)}', the name tool '${other.name}' of server '${other.serverId}' has on /mcp`);
  }
  for (const other of others(candidates.lookAlikes)) {
    if (other.name === tool.name || !cameFirst(other, tool)) continue;
    flag(`looks like tool '${other.name}' of server '${other.serverId}' (there first): on /mcp a model may take one for the other`);
  }
  return flags;
}
