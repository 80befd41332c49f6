// Regexes in `regex` conditions: compiled by the linear-time engine (see linear-regex.ts for
// the dialect). PolicyLayer-style files may start a pattern with the RE2/Go inline flag
// `(?i)`; RE2 reads it natively, anywhere in the pattern, as it does `(?s)` and `(?m)`.
import { compileLinearRegex, type LinearRegexCompile } from './linear-regex.js';

export type RegexCompile = LinearRegexCompile;

export function compileConditionRegex(pattern: string): RegexCompile {
  return compileLinearRegex(pattern);
}
