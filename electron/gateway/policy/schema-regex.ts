// The regular-expression engine ajv uses for `pattern`, `patternProperties` (and so
// `propertyNames: {pattern}`) under validate_schema: the linear-time one, never RegExp.
// ajv calls it once per pattern while compiling a schema (`code.regExp` option).
//
// Both ways it can fail, fail closed:
// - a pattern RE2 cannot run (lookaround, backreferences) throws while the schema compiles,
//   so the schema "cannot be used" and every call to the tool is refused, naming the pattern;
// - a string longer than MAX_REGEX_INPUT throws while validating (PatternInputTooLong), so the
//   call is refused. Answering "no match" instead would let it pass a `not: {pattern}` or
//   slip by a patternProperties rule.
//
// And it cannot hold the event loop: while a check runs under `inlineMatchMeter`, a match
// that would take the call's matches past INLINE_MATCH_BUDGET throws InlineBudgetExceeded
// before it starts, and the caller runs the whole check again in the regex worker.
import type { CodeOptions } from 'ajv';
import type { RE2JS } from 're2js';
import { compileLinearRegex, matchCost, MAX_REGEX_INPUT } from '../../../shared/policy/linear-regex.js';

type RegExpEngine = NonNullable<CodeOptions['regExp']>;

export class PatternInputTooLong extends Error {
  constructor(
    readonly pattern: string,
    readonly length: number,
  ) {
    super(
      `a string of ${length.toLocaleString('en-US')} characters is longer than the ${MAX_REGEX_INPUT.toLocaleString('en-US')} matched against the pattern ${JSON.stringify(pattern)}`,
    );
  }
}

/** A match too costly to run on this thread: the check is to be run in the regex worker. */
export class InlineBudgetExceeded extends Error {
  constructor(
    readonly pattern: string,
    readonly length: number,
  ) {
    super(`matching ${JSON.stringify(pattern)} against ${length} characters is over the inline budget`);
  }
}

/**
 * What the matches of the check under way may still cost (INLINE_MATCH_BUDGET units).
 * Infinity when no meter runs (the regex worker). ajv validates synchronously, so one
 * module-level meter serves every check.
 */
export const inlineMatchMeter = { left: Infinity };

/** ajv's `code.regExp`. The flags ajv passes ("u") need no mapping: RE2 matches by code point. */
export const linearRegExp: RegExpEngine = Object.assign(
  (pattern: string) => {
    const compiled = compileLinearRegex(pattern);
    if (!compiled.ok) throw new Error(compiled.message);
    return {
      test(text: string): boolean {
        if (text.length > MAX_REGEX_INPUT) throw new PatternInputTooLong(pattern, text.length);
        // Looked up per match rather than held: ajv keeps this object for the life of its
        // instance, and holding the compiled pattern would pin its DFA cache past the LRU.
        const regex = (compileLinearRegex(pattern) as { ok: true; regex: RE2JS }).regex;
        inlineMatchMeter.left -= matchCost(regex, text.length);
        if (inlineMatchMeter.left < 0) throw new InlineBudgetExceeded(pattern, text.length);
        return regex.test(text);
      },
      // ajv keys the compiled pattern by this: distinct per pattern.
      toString: () => pattern,
    };
  },
  { code: 're2js' },
);
