// Turning a client's server name ("GitHub Copilot", "@acme/db") into a Portcullis server id
// (SERVER_ID_PATTERN: it appears in URLs and file names), and recognising an upstream that
// is already registered so importing twice adds nothing.
import { isDeepStrictEqual } from 'node:util';
import { SERVER_ID_PATTERN, type UpstreamConfig } from '../../../shared/config.js';

const MAX_ID = 63;

export function sanitizeServerId(name: string): string {
  const id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents off: "café" → "cafe"
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, MAX_ID)
    .replace(/[-_]+$/, '');
  return SERVER_ID_PATTERN.test(id) ? id : 'server';
}

/** `id`, or `id-2`, `id-3`… (shortened to fit) when `id` is taken. */
export function uniqueServerId(id: string, taken: ReadonlySet<string>): string {
  if (!taken.has(id)) return id;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${id.slice(0, MAX_ID - suffix.length).replace(/[-_]+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Same command line and environment, or same URL, transport and headers. */
export function sameUpstream(a: UpstreamConfig, b: UpstreamConfig): boolean {
  if (a.transport === 'stdio' || b.transport === 'stdio') {
    if (a.transport !== 'stdio' || b.transport !== 'stdio') return false;
    return a.command === b.command && isDeepStrictEqual(a.args, b.args) && isDeepStrictEqual(a.env, b.env) && (a.cwd ?? '') === (b.cwd ?? '');
  }
  return a.transport === b.transport && a.url === b.url && isDeepStrictEqual(a.headers, b.headers);
}
