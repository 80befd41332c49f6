// What a session was shown, recorded in the catalog. Every session has its own upstream
// process, and a server can show the catalog's connection one definition and a session
// another (or change it inside one session only). So each session's tools/list answer is
// held against the reviewed definitions too: a tool the catalog has never seen is recorded
// as new, a definition that differs from the reviewed one as changed (with its diff), and
// both stay flagged until a person reviews them, whatever the catalog connection lists later.
//
// Unlike a sync, an observation removes nothing: one session's list says nothing about the
// tools other sessions see.
import type { CatalogChange, ToolDefinition } from '../../../shared/catalog.js';
import { applySync, collectDefinitions, remember, statusOf, type CatalogState } from './catalog-state.js';
import { diffDefinitions } from './definition-diff.js';

/** One listed tool as a session saw it, already hashed (definitionOf + hashDefinition). */
export interface ObservedTool {
  name: string;
  hash: string;
  definition: ToolDefinition;
}

/** Whether recording `tools` would change anything: most listings hold no news, and then nothing is written. */
export function observationMatters(state: CatalogState, serverId: string, tools: readonly ObservedTool[]): boolean {
  const server = state.get(serverId);
  if (!server) return tools.length > 0;
  for (const tool of tools) {
    const known = server.tools.get(tool.name);
    if (!known || known.removedAt !== undefined) return true;
    if (known.hash !== tool.hash && known.accepted?.hash !== tool.hash) return true;
  }
  return false;
}

/**
 * Records a session's listing as of `at`. A server the catalog has no record of yet takes
 * this listing as its baseline, as it would the catalog connection's first one.
 */
export function applyObservation(state: CatalogState, serverId: string, tools: readonly ObservedTool[], at: string): CatalogChange[] {
  const server = state.get(serverId);
  if (!server) return applySync(state, serverId, { tools: tools.map((t) => ({ name: t.name, ...structuredClone(t.definition) })) }, at);
  const changes: CatalogChange[] = [];
  for (const tool of tools) {
    const known = server.tools.get(tool.name);
    if (!known) {
      server.definitions.set(tool.hash, structuredClone(tool.definition));
      const record = { name: tool.name, hash: tool.hash, firstSeen: at, lastChanged: at, lastSeen: at, seenInSession: true, history: [] };
      remember(record, { at, event: 'added', hash: tool.hash });
      server.tools.set(tool.name, record);
      changes.push({ serverId, kind: 'tool', name: tool.name, change: 'added', status: statusOf(record) });
      continue;
    }
    const wasRemoved = known.removedAt !== undefined;
    // The reviewed definition, or the one already recorded: nothing new to flag.
    if (!wasRemoved && (known.hash === tool.hash || known.accepted?.hash === tool.hash)) continue;
    const previous = server.definitions.get(known.hash);
    server.definitions.set(tool.hash, structuredClone(tool.definition));
    delete known.removedAt;
    known.lastSeen = at;
    const event = wasRemoved ? 'restored' : 'changed';
    if (known.hash !== tool.hash) {
      known.hash = tool.hash;
      known.lastChanged = at;
    }
    known.seenInSession = true;
    remember(known, { at, event, hash: tool.hash });
    const diff = previous && event === 'changed' ? diffDefinitions(previous, tool.definition) : undefined;
    changes.push({ serverId, kind: 'tool', name: tool.name, change: event, status: statusOf(known), ...(diff ? { diff } : {}) });
  }
  collectDefinitions(server);
  return changes;
}
