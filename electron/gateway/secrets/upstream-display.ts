// A server's upstream as the Api, the UI and `portcullis server list` show it: env values
// and header values replaced by '***', secrets in the command line and the URL masked in
// place (`postgresql://app:***@db`, `?api_key=***`, the value after `--password`). And the
// way back: a UI sends what it was shown, and the masks there mean "unchanged".
import type { UpstreamConfig } from '../../../shared/config.js';
import { isSecretName } from './secret-names.js';
import { MASK, maskSecretsInText } from './text-secrets.js';

export { MASK };

export function maskUpstream(upstream: UpstreamConfig): UpstreamConfig {
  if (upstream.transport === 'stdio') {
    return { ...upstream, command: maskSecretsInText(upstream.command), args: maskArgs(upstream.args), env: maskValues(upstream.env) };
  }
  return { ...upstream, url: maskSecretsInText(upstream.url), headers: maskValues(upstream.headers) };
}

/** The upstream to store when a UI sends back `next`, built from what it was shown of `current`. */
export function unmaskUpstream(next: UpstreamConfig, current: UpstreamConfig): UpstreamConfig {
  if (next.transport === 'stdio') {
    const stored = current.transport === 'stdio' ? current : undefined;
    return {
      ...next,
      command: restore(next.command, stored ? [[maskSecretsInText(stored.command), stored.command]] : [], 'the command'),
      args: restoreArgs(next.args, stored?.args ?? []),
      env: unmaskValues(next.env, stored?.env ?? {}),
    };
  }
  const stored = current.transport === 'stdio' ? undefined : current;
  return {
    ...next,
    url: restore(next.url, stored ? [[maskSecretsInText(stored.url), stored.url]] : [], 'the URL'),
    headers: unmaskValues(next.headers, stored?.headers ?? {}),
  };
}

/** The command line as one line of text, masked: for tables and messages. */
export function describeUpstream(upstream: UpstreamConfig): string {
  const shown = maskUpstream(upstream);
  return shown.transport === 'stdio' ? [shown.command, ...shown.args].join(' ') : shown.url;
}

/** Each argument masked in place; the one after a secret flag (`--password`, `--api-key`) whole. */
function maskArgs(args: readonly string[]): string[] {
  return args.map((arg, i) => (i > 0 && isSecretFlag(args[i - 1]!) && !arg.startsWith('-') ? MASK : maskSecretsInText(arg)));
}

function isSecretFlag(arg: string): boolean {
  return /^--?[A-Za-z][A-Za-z0-9_-]*$/.test(arg) && isSecretName(arg.replace(/^-+/, ''));
}

function restoreArgs(next: readonly string[], stored: readonly string[]): string[] {
  const shown = maskArgs(stored);
  // Same place first (a list may hold two equal masks), then anywhere (arguments inserted before it).
  return next.map((arg, i) =>
    arg === shown[i] ? stored[i]! : restore(arg, shown.map((s, j) => [s, stored[j]!] as const), `argument ${i + 1}`),
  );
}

/** `value` as stored: the original of a masked text it equals, itself when it holds no mask. */
function restore(value: string, pairs: ReadonlyArray<readonly [shown: string, original: string]>, what: string): string {
  for (const [shown, original] of pairs) if (value === shown) return original;
  if (value.includes(MASK)) throw new MaskedValueError(`${what} still holds a masked secret ('${MASK}'): it must be typed whole again, secret included`);
  return value;
}

export class MaskedValueError extends Error {}

const maskValues = (values: Record<string, string>) => Object.fromEntries(Object.keys(values).map((k) => [k, MASK]));

const unmaskValues = (values: Record<string, string>, stored: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === MASK && stored[k] !== undefined ? stored[k] : v]));
