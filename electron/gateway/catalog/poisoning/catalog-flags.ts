// Every flag on one definition of a tool: the checks on the tool itself (cached by name and
// hash, so each definition is checked once) and those that need the rest of the catalog:
// shadowing (every server's listed names, indexed once per catalog change) and renamed
// (the server's removed tools). Dropped with `invalidate()` whenever the catalog changes.
import type { ToolDefinition, ToolFlag } from '../../../../shared/catalog.js';
import type { CatalogState, ServerRecord } from '../catalog-state.js';
import { checkTool, dedupe } from './check-tool.js';
import { skeleton } from './confusable-name.js';
import { renamed, type RemovedTool } from './renamed.js';
import { aggregateName, shadowing, type NamedTool, type ShadowCandidates } from './shadowing.js';

export class CatalogFlags {
  private readonly own = new Map<string, ToolFlag[]>();
  private readonly all = new Map<string, ToolFlag[]>();
  /** Listed tools of every server by the skeleton of their name, and of their /mcp name. */
  private index?: { byName: Map<string, NamedTool[]>; byAggregate: Map<string, NamedTool[]> };

  constructor(private readonly state: () => CatalogState) {}

  invalidate(): void {
    this.all.clear();
    this.index = undefined;
  }

  /** The flags on the definition with `hash` of `name` on `server`. Callers must not mutate the result. */
  of(server: ServerRecord, name: string, hash: string): ToolFlag[] {
    const key = `${server.id}\u0000${name}\u0000${hash}`;
    let flags = this.all.get(key);
    if (!flags) {
      const definition = server.definitions.get(hash) ?? {};
      const record = server.tools.get(name);
      const tool: NamedTool = { serverId: server.id, name, firstSeen: record?.firstSeen ?? '' };
      flags = dedupe([...this.ownFlags(name, hash, definition), ...shadowing(tool, this.candidates(tool)), ...this.renamedFlags(server, name, definition, record !== undefined && record.firstSeen !== server.baselineAt)]);
      this.all.set(key, flags);
    }
    return flags;
  }

  private ownFlags(name: string, hash: string, definition: ToolDefinition): ToolFlag[] {
    const key = `${name}\u0000${hash}`;
    let flags = this.own.get(key);
    if (!flags) {
      flags = checkTool({ name, ...definition });
      this.own.set(key, flags);
    }
    return flags;
  }

  /** Only a tool that came after the baseline can be a rename (the baseline's are all first seen together). */
  private renamedFlags(server: ServerRecord, name: string, definition: ToolDefinition, afterBaseline: boolean): ToolFlag[] {
    if (!afterBaseline) return [];
    const removed: RemovedTool[] = [];
    for (const tool of server.tools.values()) {
      if (tool.removedAt === undefined || tool.name === name) continue;
      const old = server.definitions.get(tool.hash);
      if (old) removed.push({ name: tool.name, definition: old, removedAt: tool.removedAt });
    }
    return renamed(name, definition, removed);
  }

  private candidates(tool: NamedTool): ShadowCandidates {
    if (!this.index) {
      const byName = new Map<string, NamedTool[]>();
      const byAggregate = new Map<string, NamedTool[]>();
      const add = (map: Map<string, NamedTool[]>, key: string, named: NamedTool) => {
        const list = map.get(key);
        if (list) list.push(named);
        else map.set(key, [named]);
      };
      for (const server of this.state().values()) {
        for (const listed of server.tools.values()) {
          if (listed.removedAt !== undefined) continue;
          const named = { serverId: server.id, name: listed.name, firstSeen: listed.firstSeen };
          add(byName, skeleton(listed.name), named);
          add(byAggregate, skeleton(aggregateName(named)), named);
        }
      }
      this.index = { byName, byAggregate };
    }
    const { byName, byAggregate } = this.index;
    return {
      lookAlikes: byName.get(skeleton(tool.name)) ?? [],
      imitated: byAggregate.get(skeleton(tool.name)) ?? [],
    };
  }
}
