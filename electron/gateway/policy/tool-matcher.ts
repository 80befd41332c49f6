// Finding what a tool name matches, without scanning every pattern on every call:
// exact names sit in a Map; globs are compiled once, sorted most specific first
// (compareGlobSpecificity in shared/policy/glob.ts) and indexed by their literal prefix
// (the text before the first `*`). A name is looked up once per distinct prefix length
// and tested only against globs whose prefix it starts with, so 1,000 globs cost a few
// map lookups, not 1,000 regex tests. Results are memoised per name.
import { compareGlobSpecificity, globToRegExp, isGlob } from '../../../shared/policy/glob.js';

interface CompiledGlob<T> {
  pattern: string;
  regex: RegExp;
  /** Position in specificity order (lower wins). */
  rank: number;
  value: T;
}

/** Memoised names per matcher; past this the memo is cleared (agents can send any name). */
const MEMO_LIMIT = 10_000;

export class ToolMatcher<T> {
  private readonly exact = new Map<string, T>();
  /** Literal prefix → globs with that prefix, most specific first. */
  private readonly byPrefix = new Map<string, CompiledGlob<T>[]>();
  /** The distinct prefix lengths, shortest first. */
  private readonly prefixLengths: number[];
  private readonly memo = new Map<string, T | undefined>();

  /**
   * @param entries pattern → value. With `order: 'specificity'` the most specific glob
   * wins; with `order: 'first'` the first matching entry in the given order wins (for `hide`).
   */
  constructor(entries: Iterable<[string, T]>, order: 'specificity' | 'first') {
    const globs: [string, T][] = [];
    for (const [pattern, value] of entries) {
      if (!isGlob(pattern)) {
        if (!this.exact.has(pattern)) this.exact.set(pattern, value);
      } else globs.push([pattern, value]);
    }
    if (order === 'specificity') globs.sort((a, b) => compareGlobSpecificity(a[0], b[0]));
    const lengths = new Set<number>();
    globs.forEach(([pattern, value], rank) => {
      const prefix = pattern.slice(0, pattern.indexOf('*'));
      const bucket = this.byPrefix.get(prefix) ?? [];
      bucket.push({ pattern, regex: globToRegExp(pattern), rank, value });
      this.byPrefix.set(prefix, bucket);
      lengths.add(prefix.length);
    });
    this.prefixLengths = [...lengths].sort((a, b) => a - b);
  }

  match(name: string): T | undefined {
    if (this.memo.has(name)) return this.memo.get(name);
    const result = this.compute(name);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(name, result);
    return result;
  }

  private compute(name: string): T | undefined {
    const exact = this.exact.get(name);
    // For `hide`, an exact entry and a glob both hide; the exact one is reported.
    if (exact !== undefined) return exact;
    let best: CompiledGlob<T> | undefined;
    for (const length of this.prefixLengths) {
      if (length > name.length) break;
      const bucket = this.byPrefix.get(name.slice(0, length));
      if (!bucket) continue;
      for (const glob of bucket) {
        if (best && glob.rank > best.rank) break;
        if (glob.regex.test(name)) {
          best = glob;
          break;
        }
      }
    }
    return best?.value;
  }
}
