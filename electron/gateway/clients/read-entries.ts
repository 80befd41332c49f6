// A client's server entries, normalised: name, where they sit, the upstream Portcullis would
// run for them, whether they already go through Portcullis, and notes about what does not
// carry over (placeholders the client fills in, env files).
import type { UpstreamConfig } from '../../../shared/config.js';
import type { ClientId } from './client-kinds.js';
import type { ConfigScope } from './config-locations.js';
import { findServerBlocks, type EntryScope } from './server-blocks.js';
import { portcullisTargetOf } from './portcullis-entries.js';
import { describeUpstream } from '../secrets/upstream-display.js';

export interface ClientServerEntry {
  client: ClientId;
  file: string;
  scope: EntryScope;
  project?: string;
  /** The entry's key in the client's file. */
  name: string;
  /** JSON path of the entry: its block's path, then the name. */
  path: string[];
  raw: Record<string, unknown>;
  /** What Portcullis would run; undefined when the entry cannot be understood (see `problem`). */
  upstream?: UpstreamConfig;
  /** Set when the entry already goes through Portcullis. */
  portcullis?: { serverId?: string };
  disabled: boolean;
  notes: string[];
  problem?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const PLACEHOLDER = /\$\{[^}]*\}/;

export function readClientEntries(client: ClientId, file: string, doc: Record<string, unknown>, fileScope: ConfigScope, ports: ReadonlySet<number>): ClientServerEntry[] {
  const entries: ClientServerEntry[] = [];
  for (const block of findServerBlocks(client, doc, fileScope)) {
    const servers = block.path.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), doc) as Record<string, unknown>;
    for (const [name, value] of Object.entries(servers)) {
      const base = { client, file, scope: block.scope, ...(block.project ? { project: block.project } : {}), name, path: [...block.path, name] };
      if (!isObject(value)) {
        entries.push({ ...base, raw: {}, disabled: false, notes: [], problem: 'the entry is not an object' });
        continue;
      }
      const portcullis = portcullisTargetOf(value, ports);
      const parsed = toUpstream(value);
      entries.push({ ...base, raw: value, ...parsed, ...(portcullis ? { portcullis } : {}), disabled: value.disabled === true });
    }
  }
  return entries;
}

function toUpstream(raw: Record<string, unknown>): { upstream?: UpstreamConfig; notes: string[]; problem?: string } {
  const notes: string[] = [];
  const type = typeof raw.type === 'string' ? raw.type : undefined;
  const url = typeof raw.url === 'string' ? raw.url : typeof raw.serverUrl === 'string' ? raw.serverUrl : undefined;
  if (typeof raw.envFile === 'string') notes.push(`its envFile (${raw.envFile}) is not carried over: copy the variables you need`);

  if (typeof raw.command === 'string' && (type === undefined || type === 'stdio')) {
    const args = stringList(raw.args);
    const env = stringMap(raw.env);
    if (args === undefined) return { notes, problem: '"args" should be a list of strings' };
    if (env === undefined) return { notes, problem: '"env" should map names to string values' };
    const upstream: UpstreamConfig = { transport: 'stdio', command: raw.command, args, env, ...(typeof raw.cwd === 'string' ? { cwd: raw.cwd } : {}) };
    notePlaceholders(notes, [['command', raw.command], ...args.map((a, i) => [`args[${i}]`, a] as [string, string]), ...Object.entries(env).map(([k, v]) => [`env ${k}`, v] as [string, string])]);
    return { upstream, notes };
  }
  if (url !== undefined) {
    const transport = urlTransport(type, url);
    if (!transport) return { notes, problem: `transport type '${type ?? ''}' is not one Portcullis can reach (stdio, http or sse)` };
    const headers = stringMap(raw.headers);
    if (headers === undefined) return { notes, problem: '"headers" should map names to string values' };
    notePlaceholders(notes, [['url', url], ...Object.entries(headers).map(([k, v]) => [`header ${k}`, v] as [string, string])]);
    return { upstream: { transport, url, headers }, notes };
  }
  return { notes, problem: type && !['stdio', 'http', 'sse'].includes(type) ? `transport type '${type}' is not supported` : 'the entry has neither a "command" nor a "url"' };
}

/** Explicit type first; Cursor and Windsurf infer it, by convention legacy SSE endpoints end in /sse. */
function urlTransport(type: string | undefined, url: string): 'http' | 'sse' | undefined {
  if (type === 'sse') return 'sse';
  if (type === 'http' || type === 'streamable-http' || type === 'streamableHttp') return 'http';
  if (type !== undefined) return undefined;
  return /\/sse\/?(\?.*)?$/.test(url) ? 'sse' : 'http';
}

function stringList(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return undefined;
  const out = value.map((v) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined));
  return out.every((v): v is string => v !== undefined) ? out : undefined;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') out[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
    else return undefined;
  }
  return out;
}

/** `${input:…}`, `${env:…}`, `${VAR}`: the client fills these in; Portcullis passes them on as written. */
function notePlaceholders(notes: string[], fields: [string, string][]): void {
  const found = fields.filter(([, value]) => PLACEHOLDER.test(value)).map(([name]) => name);
  if (found.length) notes.push(`${found.join(', ')} use \${…} placeholders that the client fills in; Portcullis passes them on as written, so set real values if the server needs them`);
}

/** e.g. `claude-code (local: /home/me/project)` or `cursor (user)`. */
export function describeEntrySource(entry: Pick<ClientServerEntry, 'client' | 'scope' | 'project'>): string {
  return `${entry.client} (${entry.scope}${entry.project ? `: ${entry.project}` : ''})`;
}

/** Env and header names only: their values may be secrets. */
export function secretNames(upstream: UpstreamConfig | undefined): string[] {
  if (!upstream) return [];
  return upstream.transport === 'stdio' ? Object.keys(upstream.env).map((k) => `env ${k}`) : Object.keys(upstream.headers).map((k) => `header ${k}`);
}

/** The command line or URL, secrets in it masked: `portcullis import` prints it. */
export function describeTarget(upstream: UpstreamConfig | undefined): string {
  return upstream ? describeUpstream(upstream) : '-';
}
