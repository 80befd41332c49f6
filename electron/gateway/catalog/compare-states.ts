// What another process changed: compares the catalog before and after a reload, so
// listeners (the UI) hear about a review or override made from the command line.
import type { CatalogChange } from '../../../shared/catalog.js';
import { statusOf, type CatalogState } from './catalog-state.js';

export function compareStates(before: CatalogState, after: CatalogState): CatalogChange[] {
  const changes: CatalogChange[] = [];
  for (const [serverId, server] of after) {
    const old = before.get(serverId);
    for (const tool of server.tools.values()) {
      const was = old?.tools.get(tool.name);
      const change = (kind: CatalogChange['change']): void => {
        changes.push({ serverId, kind: 'tool', name: tool.name, change: kind, status: statusOf(tool) });
      };
      if (!was) change('added');
      else if (tool.removedAt !== undefined && was.removedAt === undefined) change('removed');
      else if (tool.removedAt === undefined && was.removedAt !== undefined) change('restored');
      else if (tool.hash !== was.hash) change('changed');
      else if (tool.accepted?.at !== was.accepted?.at) change('reviewed');
      else if (tool.override?.at !== was.override?.at) change('override');
    }
  }
  return changes;
}
