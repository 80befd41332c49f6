// OAuth scopes are space-separated sets (RFC 6749 §3.3).

export function unionScopes(...scopes: (string | undefined)[]): string | undefined {
  const all = new Set(scopes.flatMap((s) => (s ?? '').split(' ')).filter(Boolean));
  return all.size ? [...all].join(' ') : undefined;
}

/** The scopes in `wanted` that `granted` lacks. */
export function missingScopes(wanted: string | undefined, granted: string | undefined): string[] {
  const have = new Set((granted ?? '').split(' ').filter(Boolean));
  return (wanted ?? '').split(' ').filter((s) => s && !have.has(s));
}
