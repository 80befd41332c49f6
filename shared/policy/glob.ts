// Tool-name patterns: exact names, or globs where `*` matches any run of characters
// (including none). Nothing else is special, so a pattern means what it says.

export function isGlob(pattern: string): boolean {
  return pattern.includes('*');
}

/** Why a pattern (a `tools` key or a `hide` entry) cannot be used, or undefined if it is fine. */
export function checkToolPattern(pattern: string): string | undefined {
  if (pattern.length === 0) return 'expected a tool name or a glob such as "odoo_*", got an empty string';
  if (/\s/.test(pattern)) return `tool names and globs cannot contain spaces, got '${pattern}'`;
  const unsupported = /[?[\]{}!]/.exec(pattern);
  if (unsupported) return `'${unsupported[0]}' is not supported in '${pattern}': the only wildcard is * (any run of characters)`;
  if (pattern.includes('**')) return `'**' in '${pattern}' means nothing more than '*': write a single *`;
  return undefined;
}

export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 's');
}

export function matchesGlob(pattern: string, name: string): boolean {
  return isGlob(pattern) ? globToRegExp(pattern).test(name) : pattern === name;
}

/**
 * Orders globs from most to least specific: the first one that matches a name wins.
 * 1. the longer pattern wins ("longest matching glob");
 * 2. on equal length, the one with fewer `*` (more literal characters);
 * 3. then the longer literal text before the first `*` (`odoo_*_x` beats `*_odoo_x`);
 * 4. then plain code-unit order of the pattern, so the result never depends on key order in the file.
 */
export function compareGlobSpecificity(a: string, b: string): number {
  if (a.length !== b.length) return b.length - a.length;
  const stars = (p: string) => p.split('*').length - 1;
  if (stars(a) !== stars(b)) return stars(a) - stars(b);
  const prefix = (p: string) => p.indexOf('*');
  if (prefix(a) !== prefix(b)) return prefix(b) - prefix(a);
  return a < b ? -1 : a > b ? 1 : 0;
}
