// catalog.json: the on-disk form of the catalog state. Maps become arrays (names from
// an upstream server are never used as object keys), and reading is forgiving: a
// hand-edited or older file loses the records it cannot make sense of, not the rest.
import { RISK_CLASSES, RISK_LEVELS, type RiskClass, type RiskLevel } from '../../../shared/risk.js';
import type { CatalogHistoryEvent, PromptListing, ResourceTemplateListing, ToolDefinition } from '../../../shared/catalog.js';
import type { CatalogState, ItemRecord, ServerRecord, ToolRecord } from './catalog-state.js';

export const CATALOG_FILE = 'catalog.json';

interface ServerFileRecord {
  id: string;
  baselineAt: string;
  lastSync: string;
  tools: ToolRecord[];
  prompts: ItemRecord<PromptListing>[];
  resourceTemplates: ItemRecord<ResourceTemplateListing>[];
  definitions: Record<string, ToolDefinition>;
}

export interface CatalogFileData {
  version: 1;
  servers: ServerFileRecord[];
}

export function toFileData(state: CatalogState): CatalogFileData {
  return {
    version: 1,
    servers: [...state.values()].map((server) => ({
      id: server.id,
      baselineAt: server.baselineAt,
      lastSync: server.lastSync,
      tools: [...server.tools.values()],
      prompts: [...server.prompts.values()],
      resourceTemplates: [...server.resourceTemplates.values()],
      definitions: Object.fromEntries(server.definitions),
    })),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const strings = (r: Record<string, unknown>, keys: string[]): boolean => keys.every((k) => isString(r[k]));
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function readTool(raw: unknown): ToolRecord | undefined {
  if (!isRecord(raw) || !strings(raw, ['name', 'hash', 'firstSeen', 'lastChanged', 'lastSeen'])) return undefined;
  const tool: ToolRecord = {
    name: raw.name as string,
    hash: raw.hash as string,
    firstSeen: raw.firstSeen as string,
    lastChanged: raw.lastChanged as string,
    lastSeen: raw.lastSeen as string,
    history: asArray(raw.history).filter((e): e is CatalogHistoryEvent => isRecord(e) && isString(e.at) && isString(e.event)),
  };
  if (isString(raw.removedAt)) tool.removedAt = raw.removedAt;
  if (raw.seenInSession === true) tool.seenInSession = true;
  const accepted = raw.accepted;
  if (isRecord(accepted) && strings(accepted, ['hash', 'at']) && (accepted.by === 'baseline' || accepted.by === 'review')) {
    tool.accepted = { hash: accepted.hash as string, at: accepted.at as string, by: accepted.by };
  }
  const override = raw.override;
  if (isRecord(override) && isString(override.at)) {
    const cls = RISK_CLASSES.find((c) => c === override.class) as RiskClass | undefined;
    const level = RISK_LEVELS.find((l) => l === override.level) as RiskLevel | undefined;
    if (cls || level) tool.override = { ...(cls ? { class: cls } : {}), ...(level ? { level } : {}), at: override.at };
  }
  return tool;
}

function readItem<T>(raw: unknown): ItemRecord<T> | undefined {
  if (!isRecord(raw) || !strings(raw, ['key', 'name', 'hash', 'firstSeen', 'lastChanged', 'lastSeen']) || !isRecord(raw.definition)) return undefined;
  return raw as unknown as ItemRecord<T>;
}

function byKey<T>(items: Array<T | undefined>, keyOf: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (item !== undefined && !map.has(keyOf(item))) map.set(keyOf(item), item);
  return map;
}

export function fromFileData(data: unknown): CatalogState {
  const state: CatalogState = new Map();
  if (!isRecord(data)) return state;
  for (const raw of asArray(data.servers)) {
    if (!isRecord(raw) || !strings(raw, ['id', 'baselineAt', 'lastSync']) || state.has(raw.id as string)) continue;
    const definitions = new Map<string, ToolDefinition>();
    if (isRecord(raw.definitions)) {
      for (const [hash, definition] of Object.entries(raw.definitions)) if (isRecord(definition)) definitions.set(hash, definition as ToolDefinition);
    }
    const server: ServerRecord = {
      id: raw.id as string,
      baselineAt: raw.baselineAt as string,
      lastSync: raw.lastSync as string,
      tools: byKey(asArray(raw.tools).map(readTool), (t) => t.name),
      prompts: byKey(asArray(raw.prompts).map((p) => readItem<PromptListing>(p)), (p) => p.key),
      resourceTemplates: byKey(asArray(raw.resourceTemplates).map((t) => readItem<ResourceTemplateListing>(t)), (t) => t.key),
      definitions,
    };
    state.set(server.id, server);
  }
  return state;
}
