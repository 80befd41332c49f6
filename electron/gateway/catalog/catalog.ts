// The tool catalog: every tool, prompt and resource template of every server, each
// tool risk-classified, pinned to the definition a person accepted, and persisted in
// catalog.json. The gateway calls `sync` with each fresh listing (its own upstream
// connection, on connect and on list_changed), `observe` with each session's own listing,
// and `sessionPinVerdict` for what a session was shown.
import { RISK_CLASSES, RISK_LEVELS, type RiskClass } from '../../../shared/risk.js';
import type { PinningMode } from '../../../shared/config.js';
import type {
  CatalogChange, CatalogEntry, CatalogListing, CatalogPromptEntry, CatalogResourceTemplateEntry, PinVerdict,
  RiskAssessment, RiskOverride, ToolDefinition, ToolListing,
} from '../../../shared/catalog.js';
import { applyOverride, applyReview, applySync, findTool, statusOf, type CatalogState } from './catalog-state.js';
import { CatalogStore, type CatalogStoreOptions } from './catalog-store.js';
import { itemEntry, personReviewed, toolEntry } from './catalog-entries.js';
import { classifyTool } from './classify-tool.js';
import { compareStates } from './compare-states.js';
import { diffDefinitions } from './definition-diff.js';
import { flaggedVerdict, pinVerdict, sessionPinVerdict, type DefinitionChange } from './pin-verdict.js';
import { applyObservation, observationMatters, type ObservedTool } from './session-observation.js';
import { ListingHashes } from './listing-hashes.js';
import { RISK_RULES, type RiskRule } from './risk-rules.js';
import { CatalogFlags } from './poisoning/catalog-flags.js';

export interface CatalogOptions extends CatalogStoreOptions {
  /** Clock for firstSeen/lastChanged (tests). */
  now?: () => Date;
  /** Pick up changes other processes make to catalog.json. */
  watch?: boolean;
  rules?: readonly RiskRule[];
}

export type CatalogListener = (changes: CatalogChange[]) => void;

export class Catalog {
  /** Files moved aside and failed writes, for the caller to show. */
  readonly warnings: string[] = [];
  private readonly listeners = new Set<CatalogListener>();
  /** Risk by tool name and definition hash: the classifier runs once per definition. */
  private readonly risks = new Map<string, RiskAssessment>();
  private readonly listingHashes = new ListingHashes();
  /** Tool-poisoning flags by definition; recomputed for what a catalog change may affect. */
  private readonly flags = new CatalogFlags(() => this.state);
  private readonly now: () => Date;
  private readonly rules: readonly RiskRule[];
  private store!: CatalogStore;

  private constructor(options: CatalogOptions) {
    this.now = options.now ?? (() => new Date());
    this.rules = options.rules ?? RISK_RULES;
  }

  static async open(dataDir: string, options: CatalogOptions = {}): Promise<Catalog> {
    const catalog = new Catalog(options);
    catalog.store = await CatalogStore.open(dataDir, {
      ...options,
      onWarning: (message) => {
        catalog.warnings.push(message);
        options.onWarning?.(message);
      },
    });
    if (options.watch) catalog.store.watch(({ before, after }) => catalog.emit(compareStates(before, after)));
    return catalog;
  }

  private get state(): CatalogState {
    return this.store.state;
  }

  private at(): string {
    return this.now().toISOString();
  }

  servers(): string[] {
    return [...this.state.keys()].sort();
  }

  /** Records a server's current lists. The first sync of a server is its baseline: all accepted. */
  sync(serverId: string, listing: CatalogListing): CatalogChange[] {
    const copy = structuredClone(listing);
    const at = this.at();
    let changes: CatalogChange[] = [];
    this.store.apply((state) => {
      changes = applySync(state, serverId, copy, at);
    });
    this.emit(changes);
    return changes;
  }

  /**
   * Records what one session's tools/list answer showed (see session-observation.ts) and
   * returns each tool's definition hash, in order ('' for an entry with no usable name).
   */
  observe(serverId: string, tools: readonly ToolListing[]): string[] {
    const observed: ObservedTool[] = [];
    const hashes = tools.map((tool) => {
      if (typeof tool?.name !== 'string' || tool.name === '') return '';
      const { hash, definition } = this.listingHashes.of(tool);
      observed.push({ name: tool.name, hash, definition });
      return hash;
    });
    if (observationMatters(this.state, serverId, observed)) {
      const at = this.at();
      let changes: CatalogChange[] = [];
      this.store.apply((state) => {
        changes = applyObservation(state, serverId, observed, at);
      });
      this.emit(changes);
    }
    return hashes;
  }

  /** Every tool of the server, removed ones included (status `removed`), by name. */
  entries(serverId: string): CatalogEntry[] {
    const server = this.state.get(serverId);
    if (!server) return [];
    return [...server.tools.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((tool) => toolEntry(server, tool, this.classify, this.flags.of(server, tool.name, tool.hash)));
  }

  entry(serverId: string, tool: string): CatalogEntry | undefined {
    const server = this.state.get(serverId);
    const record = server?.tools.get(tool);
    return server && record ? toolEntry(server, record, this.classify, this.flags.of(server, record.name, record.hash)) : undefined;
  }

  prompts(serverId: string): CatalogPromptEntry[] {
    const server = this.state.get(serverId);
    return server ? [...server.prompts.values()].map((p) => itemEntry(serverId, p)) : [];
  }

  resourceTemplates(serverId: string): CatalogResourceTemplateEntry[] {
    const server = this.state.get(serverId);
    return server ? [...server.resourceTemplates.values()].map((t) => itemEntry(serverId, t)) : [];
  }

  /** The effective class (override, else computed) for the policy's `risk` rules. */
  riskClassOf(serverId: string, tool: string): RiskClass | undefined {
    const server = this.state.get(serverId);
    const record = server?.tools.get(tool);
    if (!server || !record) return undefined;
    return record.override?.class ?? this.riskOf(record.name, record.hash, server.definitions.get(record.hash) ?? {}).class;
  }

  /** Accepts the tool's current definition. */
  review(serverId: string, tool: string): CatalogEntry {
    const record = findTool(this.state, serverId, tool);
    if (record.removedAt !== undefined) throw new Error(`tool '${tool}' is no longer listed by server '${serverId}'; there is nothing to review`);
    const hash = record.hash;
    const at = this.at();
    this.store.apply((state) => applyReview(state, serverId, tool, hash, at));
    this.emit([{ serverId, kind: 'tool', name: tool, change: 'reviewed', status: 'accepted' }]);
    return this.entry(serverId, tool)!;
  }

  /**
   * Team mode: the definition the team accepted for a tool (reviewed on another replica, or
   * first seen there) becomes this replica's accepted one too.
   */
  adoptAccepted(serverId: string, tool: string, hash: string): void {
    const record = this.state.get(serverId)?.tools.get(tool);
    if (!record || record.accepted?.hash === hash) return;
    const at = this.at();
    this.store.apply((state) => applyReview(state, serverId, tool, hash, at));
    this.emit([{ serverId, kind: 'tool', name: tool, change: 'reviewed', status: this.entry(serverId, tool)!.status }]);
  }

  /** Accepts every listed tool that is new or changed; returns their names. */
  reviewAll(serverId: string): string[] {
    const server = this.state.get(serverId);
    if (!server) return [];
    const pending = [...server.tools.values()].filter((t) => statusOf(t) === 'new' || statusOf(t) === 'changed');
    for (const tool of pending) this.review(serverId, tool.name);
    return pending.map((t) => t.name);
  }

  /** Sets (or with null clears) a person's class and/or level for a tool; the computed ones are kept. */
  setOverride(serverId: string, tool: string, override: RiskOverride | null): CatalogEntry {
    findTool(this.state, serverId, tool);
    if (override?.class !== undefined && !RISK_CLASSES.includes(override.class)) {
      throw new Error(`'${String(override.class)}' is not a risk class (${RISK_CLASSES.join(', ')})`);
    }
    if (override?.level !== undefined && !RISK_LEVELS.includes(override.level)) {
      throw new Error(`'${String(override.level)}' is not a risk level (${RISK_LEVELS.join(', ')})`);
    }
    const copy = override ? { ...override } : null;
    const at = this.at();
    this.store.apply((state) => applyOverride(state, serverId, tool, copy, at));
    const entry = this.entry(serverId, tool)!;
    this.emit([{ serverId, kind: 'tool', name: tool, change: 'override', status: entry.status }]);
    return entry;
  }

  /** Whether pinning lets a call to `tool` (its catalogued definition) go ahead under `mode`, and the flag to log. */
  pinVerdict(serverId: string, tool: string, mode: PinningMode): PinVerdict {
    const server = this.state.get(serverId);
    const verdict = pinVerdict(server, serverId, tool, mode, () => this.changeFromAccepted(serverId, tool, server?.tools.get(tool)?.hash));
    const hash = server?.tools.get(tool)?.hash;
    return hash === undefined ? verdict : this.holdFlagged(verdict, serverId, tool, hash, mode);
  }

  /** The same for the definition with `hash` that a session was shown (observed beforehand). */
  sessionPinVerdict(serverId: string, tool: string, hash: string, mode: PinningMode): PinVerdict {
    const verdict = sessionPinVerdict(this.state.get(serverId), serverId, tool, hash, mode, () => this.changeFromAccepted(serverId, tool, hash));
    return this.holdFlagged(verdict, serverId, tool, hash, mode);
  }

  /** A flagged definition no person has reviewed is held (see flaggedVerdict). */
  private holdFlagged(verdict: PinVerdict, serverId: string, tool: string, hash: string, mode: PinningMode): PinVerdict {
    const server = this.state.get(serverId);
    const record = server?.tools.get(tool);
    if (!server || !record || !server.definitions.has(hash) || personReviewed(record, hash)) return verdict;
    return flaggedVerdict(verdict, serverId, tool, this.flags.of(server, tool, hash), mode);
  }

  /** What differs between the reviewed definition of `tool` and the one with `hash`, and the risk of each. */
  private changeFromAccepted(serverId: string, tool: string, hash: string | undefined): DefinitionChange {
    const server = this.state.get(serverId);
    const acceptedHash = server?.tools.get(tool)?.accepted?.hash;
    const before = acceptedHash !== undefined ? server?.definitions.get(acceptedHash) : undefined;
    const after = hash !== undefined ? server?.definitions.get(hash) : undefined;
    if (!before || !after || acceptedHash === undefined || hash === undefined) return { fields: [] };
    return {
      fields: diffDefinitions(before, after).fields.map((f) => f.field),
      before: this.riskOf(tool, acceptedHash, before),
      after: this.riskOf(tool, hash, after),
    };
  }

  /** Drops a server's catalog (the server was removed). */
  forget(serverId: string): void {
    this.store.apply((state) => {
      state.delete(serverId);
    });
    this.flags.invalidate();
  }

  onChange(listener: CatalogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Picks up what another process wrote to catalog.json. */
  async reload(): Promise<void> {
    const { before, after } = await this.store.reload();
    this.emit(compareStates(before, after));
  }

  async flush(): Promise<void> {
    await this.store.flush();
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.store.close();
  }

  /** Cached; callers must not mutate the result. */
  private riskOf(name: string, hash: string, definition: ToolDefinition): RiskAssessment {
    const key = `${name}\0${hash}`;
    let risk = this.risks.get(key);
    if (!risk) {
      risk = classifyTool({ name, ...definition }, this.rules);
      this.risks.set(key, risk);
    }
    return risk;
  }

  /** For entries handed out: a copy. */
  private readonly classify = (name: string, hash: string, definition: ToolDefinition): RiskAssessment =>
    structuredClone(this.riskOf(name, hash, definition));

  private emit(changes: CatalogChange[]): void {
    if (changes.length === 0) return;
    this.flags.invalidate();
    for (const listener of this.listeners) {
      try {
        listener(changes);
      } catch {
        // A failing listener must not break the sync that notified it.
      }
    }
  }
}
