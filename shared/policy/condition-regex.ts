// Regexes in `regex` conditions. PolicyLayer-style files may start a pattern with the
// RE2/Go inline flag `(?i)`, which JavaScript does not know: it becomes the `i` flag.

export type RegexCompile = { ok: true; regex: RegExp } | { ok: false; message: string };

export function compileConditionRegex(pattern: string): RegexCompile {
  let source = pattern;
  let flags = '';
  if (source.startsWith('(?i)')) {
    source = source.slice(4);
    flags = 'i';
  }
  try {
    return { ok: true, regex: new RegExp(source, flags) };
  } catch (error) {
    const why = (error as Error).message.replace(/^Invalid regular expression: /, '');
    return { ok: false, message: `invalid regular expression ${JSON.stringify(pattern)}: ${why}` };
  }
}
