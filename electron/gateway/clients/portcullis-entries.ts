// Client entries that go through Portcullis: recognising them (so import skips them and
// connect can reuse their token) and writing them in each client's own format.
import path from 'node:path';
import { clientInfo, type ClientId } from './client-kinds.js';
import type { BridgeLauncher } from './bridge-launcher.js';

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:7337';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface GatewayTarget {
  /** e.g. http://127.0.0.1:7337 */
  baseUrl: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * Whether an entry already goes through Portcullis: `portcullis connect <id>` (directly, through
 * node, through npx, or as the tray app's executable), or a loopback URL on one of the gateway's
 * ports with path /mcp or /mcp/<id>. Requiring the port keeps other local servers that serve
 * /mcp from being mistaken for the gateway. `serverId` is undefined for the all-servers endpoint.
 */
export function portcullisTargetOf(raw: Record<string, unknown>, gatewayPorts: ReadonlySet<number>): { serverId?: string } | undefined {
  if (typeof raw.command === 'string') {
    const words = [raw.command, ...strings(raw.args)];
    const connectAt = words.indexOf('connect');
    // bin/portcullis.js, the npm shims, or the tray app's executable (Portcullis.exe; portcullis-desktop or the AppImage on Linux).
    const named = words
      .slice(0, Math.max(connectAt, 0))
      .some((w) => /^portcullis(-desktop)?(\.js|\.cmd|\.exe)?$|^portcullis-.*\.appimage$/i.test(path.basename(w.replace(/\\/g, '/'))));
    if (connectAt < 0 || !named) return undefined;
    const serverId = words[connectAt + 1];
    return serverId && !serverId.startsWith('-') ? { serverId } : {};
  }
  const url = typeof raw.url === 'string' ? raw.url : typeof raw.serverUrl === 'string' ? raw.serverUrl : undefined;
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  if (!LOOPBACK.has(parsed.hostname) || !gatewayPorts.has(port)) return undefined;
  const match = /^\/mcp(?:\/([^/]+))?\/?$/.exec(parsed.pathname);
  if (!match) return undefined;
  return match[1] ? { serverId: decodeURIComponent(match[1]) } : {};
}

/** Grant tokens an entry carries: `Authorization: Bearer …`, PORTCULLIS_TOKEN, or `--token …`. */
export function tokensIn(raw: Record<string, unknown>): string[] {
  const found: string[] = [];
  if (isObject(raw.headers)) {
    for (const [name, value] of Object.entries(raw.headers)) {
      const bearer = typeof value === 'string' && name.toLowerCase() === 'authorization' ? /^Bearer\s+(\S+)$/i.exec(value.trim()) : null;
      if (bearer?.[1]) found.push(bearer[1]);
    }
  }
  if (isObject(raw.env) && typeof raw.env.PORTCULLIS_TOKEN === 'string') found.push(raw.env.PORTCULLIS_TOKEN);
  const args = strings(raw.args);
  const flag = args.indexOf('--token');
  if (flag >= 0 && args[flag + 1]) found.push(args[flag + 1]!);
  return found;
}

/** The gateway's ports worth recognising: the configured one, the default, and the one connect writes. */
export function gatewayPorts(...urls: (string | number | undefined)[]): Set<number> {
  const ports = new Set<number>([7337]);
  for (const value of urls) {
    if (typeof value === 'number') ports.add(value);
    else if (value) {
      try {
        const url = new URL(value);
        ports.add(Number(url.port || (url.protocol === 'https:' ? 443 : 80)));
      } catch {
        // not a URL: nothing to add
      }
    }
  }
  return ports;
}

export function endpointUrl(baseUrl: string, serverId: string): string {
  return `${new URL(baseUrl).origin}/mcp/${encodeURIComponent(serverId)}`;
}

export interface PortcullisEntryOptions {
  target: GatewayTarget;
  token: string;
  launcher: BridgeLauncher;
  /** Carried over from the entry being replaced (Windsurf, Claude Code and others honour it). */
  disabled?: boolean;
}

/** The entry a client needs to reach `serverId` through Portcullis, in that client's format. */
export function buildPortcullisEntry(client: ClientId, serverId: string, options: PortcullisEntryOptions): Record<string, unknown> {
  const info = clientInfo(client);
  const disabled = options.disabled ? { disabled: true } : {};
  if (!info.httpCapable) {
    const url = new URL(options.target.baseUrl).origin;
    const urlArgs = url === DEFAULT_GATEWAY_URL ? [] : ['--url', url];
    return {
      command: options.launcher.command,
      args: [...options.launcher.args, 'connect', serverId, ...urlArgs],
      env: { ...options.launcher.env, PORTCULLIS_TOKEN: options.token },
      ...disabled,
    };
  }
  const url = endpointUrl(options.target.baseUrl, serverId);
  const headers = { Authorization: `Bearer ${options.token}` };
  switch (info.urlEntry) {
    case 'type+url':
      return { type: 'http', url, headers, ...disabled };
    case 'serverUrl':
      return { serverUrl: url, headers, ...disabled };
    case 'url':
      return { url, headers, ...disabled };
  }
}
