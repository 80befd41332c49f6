// Names that shadow a tool of another server on the aggregate endpoint (`/mcp`, where every
// server's tools sit side by side as `<server>__<tool>`): a tool that arrived after another
// server's tool of the same name, or of a name that only looks the same, or that is named
// like another server's aggregate name (`github__create_issue` on server `evil`). A second
// instance of the same server (same definition) is not shadowing.
import type { ToolFlag } from '../../../../shared/catalog.js';
import { skeleton } from './confusable-name.js';
import { toolFlag } from './tool-flag.js';

export interface NamedTool {
  serverId: string;
  name: string;
  hash: string;
  firstSeen: string;
}

const SEPARATOR = '__';

/** `others`: the listed tools of every other server. */
export function shadowing(tool: NamedTool, others: readonly NamedTool[]): ToolFlag[] {
  const flags: ToolFlag[] = [];
  const source = { field: 'name', text: tool.name };
  const mine = skeleton(tool.name);
  for (const other of others) {
    if (other.serverId === tool.serverId) continue;
    const aggregateName = `${other.serverId}${SEPARATOR}${other.name}`;
    if (mine === skeleton(aggregateName)) {
      flags.push(toolFlag('shadowing', `named like '${aggregateName}', the name tool '${other.name}' of server '${other.serverId}' has on /mcp`, source, 0, tool.name.length));
      continue;
    }
    if (mine !== skeleton(other.name) || other.hash === tool.hash) continue;
    const later = tool.firstSeen > other.firstSeen || (tool.firstSeen === other.firstSeen && tool.serverId > other.serverId);
    if (!later) continue; // the one that was there first is not the imitation
    const how = tool.name === other.name ? 'has the same name as' : 'looks like';
    flags.push(toolFlag('shadowing', `${how} tool '${other.name}' of server '${other.serverId}' (there first): on /mcp a model may take one for the other`, source, 0, tool.name.length));
  }
  return flags;
}
