// For `clients list` and the UI: each known config file, whether it exists, how many servers
// it has, how many already go through Portcullis, and whether Portcullis connected it.
import { CLIENT_IDS, clientInfo, type ClientId } from './client-kinds.js';
import { configLocations, type ConfigScope, type LocationContext } from './config-locations.js';
import { readConnections } from './connection-records.js';
import { scanLocations } from './scan-clients.js';

export interface ClientFileStatus {
  client: ClientId;
  label: string;
  scope: ConfigScope;
  file: string;
  description: string;
  status: 'missing' | 'empty' | 'read' | 'error';
  servers: number;
  viaPortcullis: number;
  /** Portcullis connected this file and has not disconnected it. */
  connected: boolean;
  connectedAt?: string;
  error?: string;
}

export async function clientStatuses(ctx: LocationContext, dataDir: string, ports: ReadonlySet<number>, clients: readonly ClientId[] = CLIENT_IDS): Promise<ClientFileStatus[]> {
  const scanned = await scanLocations(clients.flatMap((client) => configLocations(client, ctx)), ports);
  const connections = await readConnections(dataDir);
  return scanned.map(({ location, status, entries, error }) => {
    const connection = connections.find((c) => c.file === location.path);
    return {
      client: location.client,
      label: clientInfo(location.client).label,
      scope: location.scope,
      file: location.path,
      description: location.description,
      status,
      servers: entries.length,
      viaPortcullis: entries.filter((e) => e.portcullis).length,
      connected: connection !== undefined,
      ...(connection ? { connectedAt: connection.connectedAt } : {}),
      ...(error ? { error } : {}),
    };
  });
}

/**
 * The file `clients connect <client>` edits when no --file is given: the first user-scope
 * file that has servers, else the first that exists, else the client's main file.
 */
export async function defaultConnectFile(client: ClientId, ctx: LocationContext, ports: ReadonlySet<number>): Promise<{ file: string; scope: ConfigScope }> {
  const user = configLocations(client, ctx).filter((l) => l.scope === 'user');
  const scanned = await scanLocations(user, ports);
  const pick = scanned.find((s) => s.entries.length > 0) ?? scanned.find((s) => s.status !== 'missing') ?? scanned[0];
  if (!pick) throw new Error(`no known config location for ${client}`);
  return { file: pick.location.path, scope: pick.location.scope };
}
