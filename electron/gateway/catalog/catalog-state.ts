// The catalog's state and the operations on it, as plain functions over plain data, so
// the store can replay the same operations onto whatever another process saved (see
// catalog-store.ts). Tool definitions are kept once per server, by hash, so the
// accepted definition of a changed tool and the ones in its history stay available
// for diffs.
import type {
  CatalogChange, CatalogHistoryEvent, CatalogItemEntry, CatalogListing, CatalogStatus, PromptListing, ResourceTemplateListing,
  RiskOverride, ToolDefinition,
} from '../../../shared/catalog.js';
import { definitionOf, hashDefinition, hashListing } from './definition-hash.js';
import { diffDefinitions } from './definition-diff.js';

const HISTORY_LIMIT = 20;

export interface ToolRecord {
  name: string;
  hash: string;
  firstSeen: string;
  lastChanged: string;
  lastSeen: string;
  removedAt?: string;
  accepted?: { hash: string; at: string; by: 'baseline' | 'review' };
  override?: RiskOverride & { at: string };
  /**
   * The current definition came from a session's own listing, not the catalog connection's
   * (see session-observation.ts): the catalog connection showing the reviewed definition
   * again does not clear it, and not listing the tool does not mark it removed. A review clears it.
   */
  seenInSession?: boolean;
  history: CatalogHistoryEvent[];
}

/** What is stored of a prompt or resource template: the entry shown, less its server, plus its key. */
export interface ItemRecord<T> extends Omit<CatalogItemEntry<T>, 'serverId'> {
  /** Prompts by name, resource templates by URI template. */
  key: string;
}

export interface ServerRecord {
  id: string;
  /** The first sync: everything listed then was accepted as it was. */
  baselineAt: string;
  lastSync: string;
  tools: Map<string, ToolRecord>;
  prompts: Map<string, ItemRecord<PromptListing>>;
  resourceTemplates: Map<string, ItemRecord<ResourceTemplateListing>>;
  /** By hash: current, accepted and historical definitions of this server's tools. */
  definitions: Map<string, ToolDefinition>;
}

export type CatalogState = Map<string, ServerRecord>;

export function statusOf(tool: ToolRecord): CatalogStatus {
  if (tool.removedAt !== undefined) return 'removed';
  if (!tool.accepted) return 'new';
  return tool.accepted.hash === tool.hash ? 'accepted' : 'changed';
}

export function remember(tool: ToolRecord, event: CatalogHistoryEvent): void {
  tool.history.push(event);
  if (tool.history.length > HISTORY_LIMIT) tool.history.splice(0, tool.history.length - HISTORY_LIMIT);
}

/** Records one server's lists as of `at`; returns what changed. The first sync is the baseline. */
export function applySync(state: CatalogState, serverId: string, listing: CatalogListing, at: string): CatalogChange[] {
  let server = state.get(serverId);
  const baseline = server === undefined;
  if (!server) {
    server = { id: serverId, baselineAt: at, lastSync: at, tools: new Map(), prompts: new Map(), resourceTemplates: new Map(), definitions: new Map() };
    state.set(serverId, server);
  }
  server.lastSync = at;
  const changes: CatalogChange[] = [];
  const listed = new Set<string>();

  for (const tool of listing.tools) {
    if (typeof tool?.name !== 'string' || tool.name === '' || listed.has(tool.name)) continue;
    listed.add(tool.name);
    const definition = definitionOf(tool);
    const hash = hashDefinition(definition);
    server.definitions.set(hash, definition);
    const known = server.tools.get(tool.name);
    if (!known) {
      const record: ToolRecord = { name: tool.name, hash, firstSeen: at, lastChanged: at, lastSeen: at, history: [] };
      if (baseline) record.accepted = { hash, at, by: 'baseline' };
      remember(record, { at, event: 'added', hash });
      server.tools.set(tool.name, record);
      changes.push({ serverId, kind: 'tool', name: tool.name, change: 'added', status: statusOf(record) });
      continue;
    }
    known.lastSeen = at;
    if (known.seenInSession) {
      if (known.hash === hash) delete known.seenInSession; // the catalog connection now sees it too
      else if (known.accepted?.hash === hash) continue; // a session was shown something else: keep that flagged
      else delete known.seenInSession;
    }
    const previous = server.definitions.get(known.hash);
    const wasRemoved = known.removedAt !== undefined;
    delete known.removedAt;
    if (known.hash !== hash) {
      const diff = previous ? diffDefinitions(previous, definition) : undefined;
      known.hash = hash;
      known.lastChanged = at;
      remember(known, { at, event: wasRemoved ? 'restored' : 'changed', hash });
      changes.push({ serverId, kind: 'tool', name: tool.name, change: wasRemoved ? 'restored' : 'changed', status: statusOf(known), ...(diff ? { diff } : {}) });
    } else if (wasRemoved) {
      remember(known, { at, event: 'restored', hash });
      changes.push({ serverId, kind: 'tool', name: tool.name, change: 'restored', status: statusOf(known) });
    }
  }
  for (const record of server.tools.values()) {
    if (listed.has(record.name) || record.removedAt !== undefined || record.seenInSession) continue;
    record.removedAt = at;
    remember(record, { at, event: 'removed', hash: record.hash });
    changes.push({ serverId, kind: 'tool', name: record.name, change: 'removed', status: 'removed' });
  }

  if (listing.prompts) changes.push(...syncItems(server.prompts, listing.prompts, (p) => p.name, 'prompt', serverId, at));
  if (listing.resourceTemplates) {
    changes.push(...syncItems(server.resourceTemplates, listing.resourceTemplates, (t) => t.uriTemplate, 'resourceTemplate', serverId, at));
  }
  collectDefinitions(server);
  return changes;
}

function syncItems<T extends { name: string }>(
  records: Map<string, ItemRecord<T>>,
  items: T[],
  keyOf: (item: T) => unknown,
  kind: 'prompt' | 'resourceTemplate',
  serverId: string,
  at: string,
): CatalogChange[] {
  const changes: CatalogChange[] = [];
  const listed = new Set<string>();
  for (const item of items) {
    const key = keyOf(item);
    if (typeof key !== 'string' || key === '' || listed.has(key)) continue;
    listed.add(key);
    const definition = structuredClone(item);
    const hash = hashListing(definition);
    const known = records.get(key);
    if (!known) {
      records.set(key, { key, name: item.name, definition, hash, firstSeen: at, lastChanged: at, lastSeen: at });
      changes.push({ serverId, kind, name: item.name, change: 'added' });
      continue;
    }
    const wasRemoved = known.removedAt !== undefined;
    const changed = known.hash !== hash;
    delete known.removedAt;
    known.lastSeen = at;
    if (changed) Object.assign(known, { name: item.name, definition, hash, lastChanged: at });
    if (wasRemoved || changed) changes.push({ serverId, kind, name: item.name, change: wasRemoved ? 'restored' : 'changed' });
  }
  for (const record of records.values()) {
    if (listed.has(record.key) || record.removedAt !== undefined) continue;
    record.removedAt = at;
    changes.push({ serverId, kind, name: record.name, change: 'removed' });
  }
  return changes;
}

/** Drops definitions that no tool's current, accepted or remembered state refers to. */
export function collectDefinitions(server: ServerRecord): void {
  const used = new Set<string>();
  for (const tool of server.tools.values()) {
    used.add(tool.hash);
    if (tool.accepted) used.add(tool.accepted.hash);
    for (const event of tool.history) if (event.hash) used.add(event.hash);
  }
  for (const hash of server.definitions.keys()) if (!used.has(hash)) server.definitions.delete(hash);
}

export function findTool(state: CatalogState, serverId: string, name: string): ToolRecord {
  const tool = state.get(serverId)?.tools.get(name);
  if (!tool) throw new Error(`server '${serverId}' has no tool '${name}' in the catalog`);
  return tool;
}

/** Accepts the definition with `hash` (the one the person saw) as reviewed. */
export function applyReview(state: CatalogState, serverId: string, name: string, hash: string, at: string): void {
  const tool = findTool(state, serverId, name);
  tool.accepted = { hash, at, by: 'review' };
  delete tool.seenInSession;
  remember(tool, { at, event: 'reviewed', hash });
  const server = state.get(serverId);
  if (server) collectDefinitions(server);
}

export function applyOverride(state: CatalogState, serverId: string, name: string, override: RiskOverride | null, at: string): void {
  const tool = findTool(state, serverId, name);
  const cleaned: RiskOverride = {};
  if (override?.class) cleaned.class = override.class;
  if (override?.level) cleaned.level = override.level;
  if (cleaned.class === undefined && cleaned.level === undefined) delete tool.override;
  else tool.override = { ...cleaned, at };
  remember(tool, { at, event: 'override', hash: tool.hash });
}
