// Server registration shared by the CLI and the Api.
import { SERVER_ID_PATTERN, type ServerConfig, type UpstreamConfig } from '../../../shared/config.js';
import { conflict, invalidInput, notFound } from '../../../shared/api-error.js';
import type { ConfigStore } from '../store/config-store.js';

export async function addServer(store: ConfigStore, id: string, upstream: UpstreamConfig, extra: Partial<Omit<ServerConfig, 'id' | 'upstream'>> = {}): Promise<ServerConfig> {
  if (!SERVER_ID_PATTERN.test(id)) {
    throw invalidInput(`server id '${id}' is not valid: use lowercase letters, digits, '_' or '-' (at most 63), starting with a letter or digit`);
  }
  validateUpstream(upstream);
  const server: ServerConfig = { id, upstream, addedAt: new Date().toISOString(), ...extra };
  await store.update((data) => {
    if (data.servers.some((s) => s.id === id)) throw conflict(`a server named '${id}' already exists (remove it first, or pick another id)`);
    data.servers.push(server);
  });
  return server;
}

export async function updateServer(store: ConfigStore, id: string, patch: Partial<Omit<ServerConfig, 'id' | 'addedAt'>>): Promise<ServerConfig> {
  if (patch.upstream) validateUpstream(patch.upstream);
  return store.update((data) => {
    const index = data.servers.findIndex((s) => s.id === id);
    const current = data.servers[index];
    if (!current) throw notFound(`no server named '${id}'`);
    const next = { ...current, ...patch, id };
    data.servers[index] = next;
    return next;
  });
}

export async function removeServer(store: ConfigStore, id: string): Promise<void> {
  await store.update((data) => {
    const index = data.servers.findIndex((s) => s.id === id);
    if (index < 0) throw notFound(`no server named '${id}'`);
    data.servers.splice(index, 1);
  });
}

/** Throws a clear error for an upstream that cannot be registered (an empty command, a URL that is not http(s)). */
export function validateUpstream(upstream: UpstreamConfig): void {
  if (upstream.transport === 'stdio') {
    if (!upstream.command.trim()) throw invalidInput('a stdio server needs a command');
    return;
  }
  let url: URL;
  try {
    url = new URL(upstream.url);
  } catch {
    throw invalidInput(`'${upstream.url}' is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidInput(`'${upstream.url}' must be an http:// or https:// URL`);
}
