// Every regular expression Portcullis matches against a call's arguments — `regex`
// conditions and the `pattern`/`patternProperties` of a tool's inputSchema under
// validate_schema — runs on re2js, a JavaScript port of RE2. RE2 has no backtracking, so its
// time grows with input length × pattern size, never exponentially: `^(\w+\s?)*$` against
// 'a'×28 + '!' takes microseconds instead of seconds. The price is that RE2 has no
// lookaround and no backreferences; a pattern using them is refused with the reason, never
// handed to JavaScript's backtracking RegExp instead.
//
// Dialect: JavaScript syntax (what JSON Schema means by `pattern`), translated by re2js
// (`\u00e9`, `\u{1F600}`, `(?<name>…)`, `\cJ`, `[^]`), plus RE2's own inline flags anywhere
// (`(?i)`, `(?s)`, `(?m)`, as in PolicyLayer's Go-written files). Matching is by code point
// (JavaScript's `u` mode). Where RE2 reads a spelling differently: `\s` is ASCII whitespace
// [\t\n\f\r ] (JavaScript adds \v and Unicode spaces), `.` stops only at \n (JavaScript also
// at \r, U+2028, U+2029), and `(?i)` folds case by Unicode simple folding.
import { RE2JS, RE2JSSyntaxException } from 're2js';

/** Longer strings are never matched (the caller decides what that means: it fails closed). */
export const MAX_REGEX_INPUT = 64 * 1024;
/** Largest compiled pattern accepted, in RE2 instructions: a match costs up to input length × this. */
export const MAX_REGEX_PROGRAM = 2_000;

/**
 * Largest match run on the calling thread, in input length × program size (summed over one
 * call's matches). Measured with re2js on this 2-core machine under load (about 15 other
 * processes busy): the worst patterns (`[ab]{1,N}b[ab]{1,N}$`, which build a new DFA state
 * per character) matched on a fresh DFA take a median of 0.04–0.35 ms at 800–13,000 units and
 * 1.7 ms at 13,000; ordinary patterns take 2–25 ns a unit. Past this a match goes to the regex
 * worker, with a deadline (policy/regex-runner.ts). A UUID pattern (~40 instructions) on 36
 * characters is 1,440; a 64-instruction pattern fits 128 characters.
 */
export const INLINE_MATCH_BUDGET = 8_192;

export type LinearRegexCompile = { ok: true; regex: RE2JS } | { ok: false; message: string };

// Compiled once per distinct pattern (a compile costs 0.2–15 ms; policies and schemas repeat
// the same few patterns across reloads and servers). Least recently used first out: each
// compiled pattern keeps a lazily built DFA cache of up to 8 MB (re2js's fixed default; ~3 MB
// measured after a hostile pattern met 64 KiB), so the count is what bounds memory here.
// Matches too costly to run inline run in the regex worker, whose heap is capped on its own.
const CACHE_LIMIT = 256;
const cache = new Map<string, LinearRegexCompile>();

export function compileLinearRegex(pattern: string): LinearRegexCompile {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    compiled = compile(pattern);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  } else {
    cache.delete(pattern); // re-inserted below: a Map iterates oldest first
  }
  cache.set(pattern, compiled);
  return compiled;
}

/** What a match of `length` characters may cost, in the units of INLINE_MATCH_BUDGET. */
export function matchCost(regex: RE2JS, length: number): number {
  return length * regex.programSize();
}

function compile(pattern: string): LinearRegexCompile {
  const refuse = (why: string): LinearRegexCompile => ({ ok: false, message: `invalid regular expression ${JSON.stringify(pattern)}: ${why}` });
  const unsupported = findUnsupported(pattern);
  if (unsupported !== undefined) return refuse(`${unsupported}, which the linear-time engine (RE2) does not support`);
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) return refuse(`${error.getDescription()}: \`${error.getPattern() ?? ''}\``);
    return refuse((error as Error).message);
  }
  const size = regex.programSize();
  if (size > MAX_REGEX_PROGRAM) return refuse(`too large: it compiles to ${size} instructions, more than the ${MAX_REGEX_PROGRAM.toLocaleString('en-US')} allowed`);
  return { ok: true, regex };
}

/**
 * Lookaround and backreferences, named for the message. Found here rather than from RE2's
 * error, which calls `(?<=` an "invalid named capture", and because re2js's translation turns
 * JavaScript's `\k<name>` into the literal text `k<name>` instead of failing.
 */
function findUnsupported(pattern: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && ((next >= '1' && next <= '9') || (next === 'k' && pattern[i + 2] === '<'))) return `a backreference (\`\\${next}\`)`;
      i++;
    } else if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') {
      inClass = true; // as in JavaScript, a `]` straight after `[` or `[^` closes the class
    } else if (ch === '(' && pattern[i + 1] === '?') {
      const kind = pattern.slice(i + 2, i + 4);
      if (kind[0] === '=' || kind[0] === '!') return `a lookahead (\`(?${kind[0]}\`)`;
      if (kind === '<=' || kind === '<!') return `a lookbehind (\`(?${kind}\`)`;
    }
  }
  return undefined;
}
