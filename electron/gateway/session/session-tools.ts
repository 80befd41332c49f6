// A session's current tool list: the names its own upstream last listed for it, per server.
// A tools/call is only admitted for a name in it, exactly: `ENV` or `env ` is not `env`, and
// a name the upstream never listed never reaches the policy (which would check one name while
// the upstream, matching loosely, ran another). A listed name the gate withheld from the
// client (hidden or denied by policy, blocked by pinning) still goes to the gate, which
// refuses it with its own reason.
//
// When the upstream says its tools changed (notifications/tools/list_changed, which each
// session's own upstream process may send on its own), the list is read again, through the
// gate (which records what the session is now shown), before the next call is checked; so is
// it when the session has never listed.
import type { Notification, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamChannelOptions } from './upstream-channel.js';

const MAX_PAGES = 100;

/** A relist serves every call waiting on it: no one call's cancellation may end it. */
export const UNCANCELLED: AbortSignal = new AbortController().signal;

/** Reads a server's whole tool list for this session (as its upstream listed it; the gate has seen it). */
export type ToolLister = (serverId: string) => Promise<readonly Tool[]>;

interface ServerTools {
  names: Set<string>;
  /** The upstream's tools changed since `names` was read. */
  stale: boolean;
  /** A relist under way: concurrent calls wait for the same one. */
  reading?: Promise<Set<string>>;
}

export class SessionTools {
  private readonly servers = new Map<string, ServerTools>();
  /** Counts list_changed notifications: one that arrives while the list is being read makes it stale again. */
  private changes = 0;

  constructor(private readonly list: ToolLister) {}

  /** One page of the upstream's tools/list answer; the first page (no cursor) starts a new list. */
  listed(serverId: string, tools: readonly Tool[], firstPage: boolean): void {
    let server = this.servers.get(serverId);
    if (!server || firstPage) {
      server = { names: new Set(), stale: false, reading: server?.reading };
      this.servers.set(serverId, server);
    }
    for (const tool of tools) if (typeof tool.name === 'string') server.names.add(tool.name);
  }

  /** The upstream said its tools changed: the list is read again before the next call is checked. */
  changed(serverId: string): void {
    this.changes++;
    const server = this.servers.get(serverId);
    if (server) server.stale = true;
  }

  /**
   * The current names when they need no reading (the call's hot path: no promise), else
   * undefined. An empty list is read again: it is what a session waiting for a sign-in was
   * told, and reading it then says "sign in" rather than "unknown tool" (an empty list costs
   * the upstream no more than the call itself would have).
   */
  fresh(serverId: string): Set<string> | undefined {
    const server = this.servers.get(serverId);
    return server && !server.stale && server.names.size > 0 ? server.names : undefined;
  }

  /** Reads the list through the upstream and the gate (once for all callers waiting at the same time). */
  refresh(serverId: string): Promise<Set<string>> {
    const server = this.servers.get(serverId);
    if (server?.reading) return server.reading;
    const changes = this.changes;
    const reading = this.list(serverId).then((tools) => {
      this.listed(serverId, tools, true);
      const read = this.servers.get(serverId)!;
      if (this.changes !== changes) read.stale = true;
      return read.names;
    }).finally(() => {
      const current = this.servers.get(serverId);
      if (current?.reading === reading) current.reading = undefined;
    });
    if (server) server.reading = reading;
    else this.servers.set(serverId, { names: new Set(), stale: true, reading });
    return reading;
  }

  /** The names a call to `serverId` may use: fresh ones at once, else after reading the list. */
  current(serverId: string): Set<string> | Promise<Set<string>> {
    return this.fresh(serverId) ?? this.refresh(serverId);
  }
}

/**
 * Reads every page of tools/list through `forward` (bounded), shows the whole list to the gate
 * (`filter`: it records what the session is shown), and returns it as the upstream listed it.
 */
export async function readToolList(
  forward: (params: Record<string, unknown>) => Promise<Record<string, unknown>>,
  filter: (tools: Tool[]) => Tool[],
): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await forward(cursor ? { cursor } : {});
    if (Array.isArray(result.tools)) tools.push(...(result.tools as Tool[]));
    cursor = typeof result.nextCursor === 'string' ? result.nextCursor : undefined;
    if (!cursor) break;
  }
  filter(tools);
  return tools;
}

/** Marks the session's list of a server stale whenever that server's upstream says its tools changed. */
export function watchToolChanges(options: UpstreamChannelOptions, tools: () => SessionTools | undefined): UpstreamChannelOptions {
  const serverId = options.server.id;
  const relay = options.onServerNotification;
  return {
    ...options,
    onServerNotification: (notification: Notification) => {
      if (notification.method === 'notifications/tools/list_changed') tools()?.changed(serverId);
      return relay(notification);
    },
  };
}
