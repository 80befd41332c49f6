// What the gate needs per tool (risk class and level, input schema, pinning), read from the
// catalog once and cached until the catalog changes: building a catalog entry classifies the
// tool, which is too much work to repeat on every call.
import type { PinningMode } from '../../../shared/config.js';
import type { PinVerdict } from '../../../shared/catalog.js';
import type { RiskClass, RiskLevel } from '../../../shared/risk.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Catalog } from '../catalog/catalog.js';
import type { ToolFactsSource } from './policy-tool-gate.js';

interface Facts {
  risk?: { class: RiskClass; level: RiskLevel };
  inputSchema?: unknown;
  /** The tool reads from an open world: the web, e-mail, issues (see isOpenWorldRead). */
  openWorldRead?: boolean;
}

export class CatalogToolFacts implements ToolFactsSource {
  private readonly cache = new Map<string, Facts>();
  generation = 0;

  constructor(private readonly catalog: Catalog) {
    catalog.onChange(() => {
      this.cache.clear();
      this.generation++;
    });
  }

  private facts(serverId: string, tool: string): Facts {
    const key = `${serverId}\u0000${tool}`;
    let facts = this.cache.get(key);
    if (!facts) {
      const entry = this.catalog.entry(serverId, tool);
      facts = entry ? { risk: { class: entry.class, level: entry.level }, inputSchema: entry.inputSchema, openWorldRead: isOpenWorldRead(entry) } : {};
      this.cache.set(key, facts);
    }
    return facts;
  }

  risk(serverId: string, tool: string) {
    return this.facts(serverId, tool).risk;
  }

  inputSchema(serverId: string, tool: string): unknown {
    return this.facts(serverId, tool).inputSchema;
  }

  openWorldRead(serverId: string, tool: string): boolean {
    return this.facts(serverId, tool).openWorldRead === true;
  }

  pinVerdict(serverId: string, tool: string, mode: PinningMode): PinVerdict {
    return this.catalog.pinVerdict(serverId, tool, mode);
  }

  observe(serverId: string, tools: readonly Tool[]): string[] {
    return this.catalog.observe(serverId, tools);
  }

  sessionPinVerdict(serverId: string, tool: string, hash: string, mode: PinningMode): PinVerdict {
    return this.catalog.sessionPinVerdict(serverId, tool, hash, mode);
  }
}

/**
 * Reads untrusted content: the tool says it reaches an open world (openWorldHint: true) and only
 * reads (readOnlyHint: true, or classified read). Taint rules' `open_world_read` matches these.
 */
function isOpenWorldRead(entry: { class: RiskClass; annotations?: { openWorldHint?: boolean; readOnlyHint?: boolean } }): boolean {
  return entry.annotations?.openWorldHint === true && (entry.annotations.readOnlyHint === true || entry.class === 'read');
}
