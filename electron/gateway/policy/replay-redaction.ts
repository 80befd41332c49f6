// Whether a replayed decision leans on an argument the call log does not hold as it was:
// values under secret names are logged as `[redacted]` (and secrets inside strings masked),
// long or deep ones cut. A rule that reads such a value (a condition, an increment_from,
// the whole input schema) may have decided otherwise on the real value; replay says so.
import type { ArgPathSegment } from '../../../shared/policy/arg-path.js';
import type { CompiledRule } from './compile.js';

const MARKERS = ['[redacted]', '[truncated'];

/** The paths (as segments) of logged argument values that were redacted or cut; empty when none. */
export function alteredPaths(args: unknown): ArgPathSegment[][] {
  const found: ArgPathSegment[][] = [];
  const walk = (value: unknown, at: ArgPathSegment[], depth: number): void => {
    if (typeof value === 'string') {
      if (MARKERS.some((marker) => value.includes(marker))) found.push(at);
    } else if (Array.isArray(value)) {
      if (depth < 16) value.forEach((item, i) => walk(item, [...at, i], depth + 1));
    } else if (value !== null && typeof value === 'object') {
      if (depth < 16) for (const [key, item] of Object.entries(value)) walk(item, key === '…' ? at : [...at, key], depth + 1);
    }
  };
  walk(args, [], 0);
  return found;
}

/** The altered paths the rule reads, as `args.…` text; empty when the decision did not depend on them. */
export function redactedReads(rule: CompiledRule, altered: readonly ArgPathSegment[][], truncated: boolean): string[] {
  if (altered.length === 0 && !truncated) return [];
  if (rule.validateSchema !== undefined) return altered.length > 0 ? altered.map(formatPath) : ['args'];
  const reads: ArgPathSegment[][] = [...rule.require, ...rule.denyIf].map((condition) => condition.segments);
  for (const limit of rule.limits) if (limit.incrementFrom) reads.push(limit.incrementFrom.segments);
  const hits = new Set<string>();
  for (const read of reads) {
    for (const path of altered) if (overlaps(read, path)) hits.add(formatPath(path));
    // A cut object may have lost the key read; only a read of something present is sure.
    if (truncated && altered.every((path) => !overlaps(read, path))) hits.add(`${formatPath(read)} (arguments cut in the log)`);
  }
  return [...hits];
}

function overlaps(a: readonly ArgPathSegment[], b: readonly ArgPathSegment[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

function formatPath(segments: readonly ArgPathSegment[]): string {
  let out = 'args';
  for (const segment of segments) out += typeof segment === 'number' ? `[${segment}]` : /^[A-Za-z_$][\w$]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
  return out;
}

