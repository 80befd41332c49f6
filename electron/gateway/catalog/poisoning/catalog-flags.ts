// Every flag on one definition of a tool: the checks on the tool itself (cached by name and
// hash, so each definition is checked once) and those that need the rest of the catalog:
// shadowing (every server's listed names, indexed once per catalog change) and renamed
// (the server's removed tools). Dropped with `invalidate()` whenever the catalog changes.
import type { ToolDefinition, ToolFlag } from '../../../../shared/catalog.js';
import type { CatalogState, ServerRecord } from '../catalog-state.js';
import { checkTool, dedupe } from './check-tool.js';
import { skeleton } from './confusable-name.js';
import { renamed, type RemovedTool } from './renamed.js';
import { shadowing, type NamedTool } from './shadowing.js';

export class CatalogFlags {
  private readonly own = new Map<string, ToolFlag[]>();
  private readonly all = new Map<string, ToolFlag[]>();
  /** Listed tools of every server by name skeleton (and by aggregate-name skeleton). */
  private names?: Map<string, NamedTool[]>;

  constructor(private readonly state: () => CatalogState) {}

  invalidate(): void {
    this.all.clear();
    this.names = undefined;
  }

  /** The flags on the definition with `hash` of `name` on `server`. Callers must not mutate the result. */
  of(server: ServerRecord, name: string, hash: string): ToolFlag[] {
    const key = `${server.id}\u0000${name}\u0000${hash}`;
    let flags = this.all.get(key);
    if (!flags) {
      const definition = server.definitions.get(hash) ?? {};
      const record = server.tools.get(name);
      const tool: NamedTool = { serverId: server.id, name, hash, firstSeen: record?.firstSeen ?? '' };
      flags = dedupe([...this.ownFlags(name, hash, definition), ...shadowing(tool, this.candidates(name)), ...this.renamedFlags(server, name, definition, record !== undefined && record.firstSeen !== server.baselineAt)]);
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

  private candidates(name: string): NamedTool[] {
    if (!this.names) {
      const names = new Map<string, NamedTool[]>();
      const add = (key: string, tool: NamedTool) => {
        const list = names.get(key);
        if (list) list.push(tool);
        else names.set(key, [tool]);
      };
      for (const server of this.state().values()) {
        for (const tool of server.tools.values()) {
          if (tool.removedAt !== undefined) continue;
          const named = { serverId: server.id, name: tool.name, hash: tool.hash, firstSeen: tool.firstSeen };
          add(skeleton(tool.name), named);
          add(skeleton(`${server.id}__${tool.name}`), named);
        }
      }
      this.names = names;
    }
    return this.names.get(skeleton(name)) ?? [];
  }
}
