// The definitions each session was shown, by session and server: the gate holds a call to the
// definition its own session listed (not to whatever the catalog connection lists), and can
// tell a client why a tool it was not shown is refused. The pin verdict is kept with the entry
// until the catalog or the pinning mode changes, so a call costs map lookups and no hashing.
import type { PinningMode } from '../../../shared/config.js';
import type { PinVerdict } from '../../../shared/catalog.js';

export interface ListedTool {
  /** Hash of the definition the session was shown (catalog/definition-hash.ts). */
  hash: string;
  verdict?: PinVerdict;
  /** The catalog generation and mode `verdict` was worked out under. */
  generation: number;
  mode?: PinningMode;
}

export class SessionListings {
  private readonly sessions = new Map<string, Map<string, Map<string, ListedTool>>>();

  /** The tools `sessionId` was shown of `serverId` (made on first use). */
  of(sessionId: string, serverId: string): Map<string, ListedTool> {
    let servers = this.sessions.get(sessionId);
    if (!servers) this.sessions.set(sessionId, (servers = new Map()));
    let tools = servers.get(serverId);
    if (!tools) servers.set(serverId, (tools = new Map()));
    return tools;
  }

  find(sessionId: string, serverId: string, tool: string): ListedTool | undefined {
    return this.sessions.get(sessionId)?.get(serverId)?.get(tool);
  }

  /** Records that the session was shown `hash` for `tool`; an unchanged entry keeps its verdict. */
  record(tools: Map<string, ListedTool>, tool: string, hash: string): ListedTool {
    const known = tools.get(tool);
    if (known?.hash === hash) return known;
    const entry: ListedTool = { hash, generation: -1 };
    tools.set(tool, entry);
    return entry;
  }

  end(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  get size(): number {
    return this.sessions.size;
  }
}
