// Import: which of the entries found in clients' files become Portcullis servers, under which
// ids, and which are skipped and why. Planning writes nothing, so `--dry-run` and the diff
// shown before connecting use the same plan that is then applied. An entry that could not
// be registered (a `file:` or `javascript:` URL, an empty command) is skipped at planning,
// and applying writes every addition in one update: all of them, or none.
import { SERVER_ID_PATTERN, type ServerConfig } from '../../../shared/config.js';
import { validateUpstream } from '../config/servers.js';
import type { ConfigStore } from '../store/config-store.js';
import { describeEntrySource, type ClientServerEntry } from './read-entries.js';
import { sameUpstream, sanitizeServerId, uniqueServerId } from './server-ids.js';

export interface ImportPlanItem {
  entry: ClientServerEntry;
  action: 'add' | 'skip';
  /** For `add`: the new id. For a skip because it is registered already: the existing id. */
  serverId?: string;
  reason?: string;
}

export interface ImportOptions {
  /** Import only these (client names or the ids they would get). */
  only?: readonly string[];
}

/** Throws when an `only` name matches nothing, listing what there is. */
export function selectEntries(entries: readonly ClientServerEntry[], only: readonly string[] | undefined): ClientServerEntry[] {
  if (!only || only.length === 0) return [...entries];
  const wanted = new Set(only);
  const selected = entries.filter((e) => wanted.has(e.name) || wanted.has(sanitizeServerId(e.name)));
  const missing = only.filter((name) => !entries.some((e) => e.name === name || sanitizeServerId(e.name) === name));
  if (missing.length) {
    const names = [...new Set(entries.map((e) => e.name))];
    throw new Error(`no server named ${missing.map((m) => `'${m}'`).join(', ')} was found${names.length ? ` (found: ${names.join(', ')})` : ''}`);
  }
  return selected;
}

export function planImport(registered: readonly ServerConfig[], entries: readonly ClientServerEntry[], options: ImportOptions = {}): ImportPlanItem[] {
  const taken = new Set(registered.map((s) => s.id));
  const plan: ImportPlanItem[] = [];
  for (const entry of selectEntries(entries, options.only)) {
    if (entry.portcullis) {
      const which = entry.portcullis.serverId ? ` (server '${entry.portcullis.serverId}')` : ' (all servers)';
      plan.push({ entry, action: 'skip', ...(entry.portcullis.serverId ? { serverId: entry.portcullis.serverId } : {}), reason: `already goes through Portcullis${which}` });
      continue;
    }
    const upstream = entry.upstream;
    if (!upstream) {
      plan.push({ entry, action: 'skip', reason: `cannot import: ${entry.problem ?? 'not understood'}` });
      continue;
    }
    const invalid = problemWith(upstream);
    if (invalid) {
      plan.push({ entry, action: 'skip', reason: `cannot import: ${invalid}` });
      continue;
    }
    const existing = registered.find((s) => sameUpstream(s.upstream, upstream));
    if (existing) {
      plan.push({ entry, action: 'skip', serverId: existing.id, reason: `already registered as '${existing.id}'` });
      continue;
    }
    const earlier = plan.find((item) => item.action === 'add' && item.entry.upstream && sameUpstream(item.entry.upstream, upstream));
    if (earlier?.serverId) {
      plan.push({ entry, action: 'skip', serverId: earlier.serverId, reason: `same server as ${earlier.entry.name} in ${describeEntrySource(earlier.entry)}, imported as '${earlier.serverId}'` });
      continue;
    }
    const serverId = uniqueServerId(sanitizeServerId(entry.name), taken);
    taken.add(serverId);
    plan.push({ entry, action: 'add', serverId });
  }
  return plan;
}

function problemWith(upstream: NonNullable<ClientServerEntry['upstream']>): string | undefined {
  try {
    validateUpstream(upstream);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Registers the plan's `add` items in one update (every one checked first: all or nothing); returns what was added. */
export async function applyImport(store: ConfigStore, plan: readonly ImportPlanItem[]): Promise<ServerConfig[]> {
  const addedAt = new Date().toISOString();
  const added: ServerConfig[] = [];
  for (const item of plan) {
    if (item.action !== 'add' || !item.serverId || !item.entry.upstream) continue;
    if (!SERVER_ID_PATTERN.test(item.serverId)) throw new Error(`server id '${item.serverId}' is not valid`);
    validateUpstream(item.entry.upstream);
    added.push({ id: item.serverId, upstream: item.entry.upstream, addedAt });
  }
  if (added.length === 0) return added;
  await store.update((data) => {
    for (const server of added) {
      if (data.servers.some((s) => s.id === server.id)) throw new Error(`a server named '${server.id}' already exists (remove it first, or pick another id); nothing was imported`);
    }
    data.servers.push(...added);
  });
  return added;
}
