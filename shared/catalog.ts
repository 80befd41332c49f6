// The tool catalog's shapes: what Portcullis knows about every tool, prompt and resource
// template of every server, the risk verdict on each tool, and the pinning state
// (new / changed since a person accepted it). Shared by the gateway core, the CLI and
// the renderer, so platform-neutral: no Node imports here.
import type { RiskClass, RiskLevel } from './risk.js';

/** MCP tool annotations. Hints from a server that may not be trusted. */
export interface ToolAnnotationHints {
  title?: string;
  /** Spec default: false. */
  readOnlyHint?: boolean;
  /** Spec default: true (meaningful only when not read-only). */
  destructiveHint?: boolean;
  /** Spec default: false (meaningful only when not read-only). */
  idempotentHint?: boolean;
  /** Spec default: true. */
  openWorldHint?: boolean;
  [key: string]: unknown;
}

/** What the catalog reads from a tools/list entry (structurally a subset of MCP's Tool). */
export interface ToolListing {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  annotations?: ToolAnnotationHints;
}

export interface PromptListing {
  name: string;
  title?: string;
  description?: string;
  arguments?: Array<{ name: string; description?: string; required?: boolean }>;
}

export interface ResourceTemplateListing {
  name: string;
  uriTemplate: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

/** One server's lists, as the gateway's own upstream connection read them. */
export interface CatalogListing {
  tools: ToolListing[];
  prompts?: PromptListing[];
  resourceTemplates?: ResourceTemplateListing[];
}

/** The parts of a tool that pinning watches: a change to any of them is a changed definition. */
export const DEFINITION_FIELDS = ['title', 'description', 'inputSchema', 'annotations'] as const;
export type DefinitionField = (typeof DEFINITION_FIELDS)[number];

export interface ToolDefinition {
  title?: string;
  description?: string;
  inputSchema?: unknown;
  annotations?: ToolAnnotationHints;
}

/** The classifier's verdict on one tool, with the evidence that led there. */
export interface RiskAssessment {
  class: RiskClass;
  level: RiskLevel;
  /** Human-readable, decisive evidence first: "name contains 'unlink' → destructive: …". */
  reasons: string[];
  /** Ids of the classifier rules that fired (see electron/gateway/catalog/risk-rules.ts). */
  rules: string[];
  /** The annotations claim something (read-only, not destructive) that the name or description contradicts. */
  mismatch: boolean;
}

/**
 * Tool-poisoning checks (electron/gateway/catalog/poisoning/): what a definition hides or
 * asks of the model, names that imitate other tools, hints that disagree with the text.
 */
export const FLAG_KINDS = ['hidden-content', 'model-instructions', 'confusable-name', 'shadowing', 'renamed', 'hint-mismatch'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

/** One finding on a tool's definition. */
export interface ToolFlag {
  kind: FlagKind;
  /** Why, in words: "Unicode tag characters (invisible) in the description; they read 'ignore…'". */
  reason: string;
  /** The offending text exactly as the server sent it (invisible characters included). */
  text: string;
  /** Where: `name`, `title`, `description`, `annotations.title`, `inputSchema.properties.path.description`… */
  field: string;
  /** `text` with some of the field's text around it, for showing it in place. */
  excerpt: string;
  /** Offset of `text` in `excerpt` (UTF-16 units), for highlighting. */
  at: number;
}

/** A person's correction of the computed class and/or level. */
export interface RiskOverride {
  class?: RiskClass;
  level?: RiskLevel;
}

/**
 * Pinning state of a tool:
 * - `accepted`: its current definition is the one a person reviewed (or the server's first listing, the baseline);
 * - `new`: it appeared after the baseline and nobody has reviewed it;
 * - `changed`: its definition differs from the accepted one;
 * - `removed`: the server no longer lists it (kept as history).
 */
export const CATALOG_STATUSES = ['accepted', 'new', 'changed', 'removed'] as const;
export type CatalogStatus = (typeof CATALOG_STATUSES)[number];

export interface DiffLine {
  op: 'same' | 'removed' | 'added';
  text: string;
}

/** One definition field that differs, old and new value, and a line diff of its text. */
export interface FieldChange {
  field: DefinitionField;
  before?: unknown;
  after?: unknown;
  /** Description: its lines; schema and annotations: their pretty-printed canonical JSON. */
  lines: DiffLine[];
}

export interface CatalogDiff {
  fromHash: string;
  toHash: string;
  fields: FieldChange[];
}

export type CatalogChangeKind = 'added' | 'changed' | 'removed' | 'restored' | 'reviewed' | 'override';

export interface CatalogHistoryEvent {
  at: string;
  event: CatalogChangeKind;
  /** The definition hash after the event. */
  hash?: string;
}

export interface CatalogEntry {
  serverId: string;
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  annotations?: ToolAnnotationHints;
  /** sha256 of the canonical JSON of title, description, inputSchema and annotations. */
  hash: string;
  firstSeen: string;
  lastChanged: string;
  lastSeen: string;
  removedAt?: string;
  status: CatalogStatus;
  /** The definition a person accepted (or the baseline); absent for a `new` tool. */
  accepted?: { hash: string; at: string; by: 'baseline' | 'review' };
  /** For `changed`: what differs between the accepted definition and the current one. */
  diff?: CatalogDiff;
  /** The classifier's verdict, kept even when overridden. */
  risk: RiskAssessment;
  override?: RiskOverride & { at: string };
  /** Effective class and level: the override where set, else the computed ones. */
  class: RiskClass;
  level: RiskLevel;
  history: CatalogHistoryEvent[];
  /** Tool-poisoning findings on the current definition (empty when none). */
  flags: ToolFlag[];
  /**
   * A person reviewed this exact definition (flags and all). A flagged tool that is not
   * reviewed is held before its first call (pinning `block-riskier` and `block`).
   */
  flagsReviewed: boolean;
}

/** Prompts and resource templates are listed with lighter information: no risk, no pinning. */
export interface CatalogItemEntry<T> {
  serverId: string;
  name: string;
  definition: T;
  hash: string;
  firstSeen: string;
  lastChanged: string;
  lastSeen: string;
  removedAt?: string;
}
export type CatalogPromptEntry = CatalogItemEntry<PromptListing>;
export type CatalogResourceTemplateEntry = CatalogItemEntry<ResourceTemplateListing>;

/** What changed in the catalog: returned by `sync` and sent to change listeners. */
export interface CatalogChange {
  serverId: string;
  kind: 'tool' | 'prompt' | 'resourceTemplate';
  name: string;
  change: CatalogChangeKind;
  /** For tools: the pinning status after the change. */
  status?: CatalogStatus;
  /** For `changed`: the previous definition against the new one. */
  diff?: CatalogDiff;
}

/** A flagged tool whose flagged definition no person has reviewed yet. */
export function isHeldForReview(entry: Pick<CatalogEntry, 'flags' | 'flagsReviewed' | 'status'>): boolean {
  return entry.flags.length > 0 && !entry.flagsReviewed && entry.status !== 'removed';
}

/** Whether a call may go ahead as far as pinning is concerned. */
export interface PinVerdict {
  allowed: boolean;
  /** Set when the tool is not in its accepted state (the call log and UI show it). */
  flag?: 'new' | 'changed' | 'flagged';
  message?: string;
}

/** One line of `portcullis catalog <server> --json`. */
export interface CatalogRow {
  name: string;
  class: RiskClass;
  level: RiskLevel;
  reasons: string[];
  status: CatalogStatus;
  overridden: boolean;
  mismatch: boolean;
  flags: ToolFlag[];
  /** Flagged and not reviewed by a person: held before its first call (unless pinning is `warn`). */
  held: boolean;
}

export function toCatalogRow(entry: CatalogEntry): CatalogRow {
  return {
    name: entry.name,
    class: entry.class,
    level: entry.level,
    reasons: entry.risk.reasons,
    status: entry.status,
    overridden: entry.override !== undefined,
    mismatch: entry.risk.mismatch,
    flags: entry.flags,
    held: isHeldForReview(entry),
  };
}
