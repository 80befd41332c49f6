// Builds what callers see (CatalogEntry) from the stored records: the definition, the
// pinning status with its diff, the computed risk and the effective class and level.
import type {
  CatalogEntry, CatalogItemEntry, RiskAssessment, ToolDefinition, ToolFlag,
} from '../../../shared/catalog.js';
import { raiseForFlags } from './poisoning/check-tool.js';
import { statusOf, type ItemRecord, type ServerRecord, type ToolRecord } from './catalog-state.js';
import { diffDefinitions } from './definition-diff.js';

export type Classifier = (name: string, hash: string, definition: ToolDefinition) => RiskAssessment;

/** A person reviewed exactly this definition (the baseline was nobody's review). */
export function personReviewed(tool: ToolRecord, hash: string): boolean {
  return tool.accepted?.by === 'review' && tool.accepted.hash === hash;
}

export function toolEntry(server: ServerRecord, tool: ToolRecord, classify: Classifier, flags: readonly ToolFlag[]): CatalogEntry {
  const definition = server.definitions.get(tool.hash) ?? {};
  const risk = raiseForFlags(classify(tool.name, tool.hash, definition), flags);
  const status = statusOf(tool);
  const entry: CatalogEntry = {
    serverId: server.id,
    name: tool.name,
    ...structuredClone(definition),
    hash: tool.hash,
    firstSeen: tool.firstSeen,
    lastChanged: tool.lastChanged,
    lastSeen: tool.lastSeen,
    status,
    risk,
    class: tool.override?.class ?? risk.class,
    level: tool.override?.level ?? risk.level,
    history: tool.history.map((event) => ({ ...event })),
    flags: structuredClone([...flags]),
    flagsReviewed: personReviewed(tool, tool.hash),
  };
  if (tool.removedAt !== undefined) entry.removedAt = tool.removedAt;
  if (tool.accepted) entry.accepted = { ...tool.accepted };
  if (tool.override) entry.override = { ...tool.override };
  const accepted = tool.accepted && server.definitions.get(tool.accepted.hash);
  if (status === 'changed' && accepted) entry.diff = diffDefinitions(accepted, definition);
  return entry;
}

export function itemEntry<T>(serverId: string, item: ItemRecord<T>): CatalogItemEntry<T> {
  const entry: CatalogItemEntry<T> = {
    serverId,
    name: item.name,
    definition: structuredClone(item.definition),
    hash: item.hash,
    firstSeen: item.firstSeen,
    lastChanged: item.lastChanged,
    lastSeen: item.lastSeen,
  };
  if (item.removedAt !== undefined) entry.removedAt = item.removedAt;
  return entry;
}
