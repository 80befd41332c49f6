// MCP tool annotations as evidence: only what the server actually stated counts, read
// with the spec's rule that destructive/idempotent mean nothing for a read-only tool.
import type { ToolAnnotationHints } from '../../../shared/catalog.js';
import type { HintName } from './risk-rules.js';

export type StatedHints = Partial<Record<HintName, boolean>>;

const HINT_NAMES: readonly HintName[] = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'];

/** Spec defaults (2025-11-25): what a client must assume for an absent hint. */
const SPEC_DEFAULTS: Record<HintName, boolean> = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
};

export function statedHints(annotations: ToolAnnotationHints | undefined): StatedHints {
  const stated: StatedHints = {};
  for (const hint of HINT_NAMES) {
    const value = annotations?.[hint];
    if (typeof value === 'boolean') stated[hint] = value;
  }
  if (stated.readOnlyHint === true) {
    delete stated.destructiveHint;
    delete stated.idempotentHint;
  }
  return stated;
}

/** Which spec defaults the assessment rests on, e.g. "no annotations: assumed not read-only, destructive, open-world". */
export function describeAssumptions(stated: StatedHints): string | undefined {
  if (Object.keys(stated).length === 0) return 'no annotations: assumed not read-only, destructive, open-world';
  const relevant = stated.readOnlyHint === true ? (['openWorldHint'] as const) : HINT_NAMES;
  const missing = relevant.filter((hint) => stated[hint] === undefined);
  if (missing.length === 0) return undefined;
  return `annotations do not say ${missing.join(', ')}: assumed ${missing.map((h) => `${h}: ${SPEC_DEFAULTS[h]}`).join(', ')}`;
}
