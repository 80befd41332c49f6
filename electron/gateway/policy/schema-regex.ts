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
import type { CodeOptions } from 'ajv';
import { compileLinearRegex, MAX_REGEX_INPUT } from '../../../shared/policy/linear-regex.js';

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

/** ajv's `code.regExp`. The flags ajv passes ("u") need no mapping: RE2 matches by code point. */
export const linearRegExp: RegExpEngine = Object.assign(
  (pattern: string) => {
    const compiled = compileLinearRegex(pattern);
    if (!compiled.ok) throw new Error(compiled.message);
    const { regex } = compiled;
    return {
      test(text: string): boolean {
        if (text.length > MAX_REGEX_INPUT) throw new PatternInputTooLong(pattern, text.length);
        return regex.test(text);
      },
      // ajv keys the compiled pattern by this: distinct per pattern.
      toString: () => pattern,
    };
  },
  { code: 're2js' },
);
