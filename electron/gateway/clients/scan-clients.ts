// Reading every known config location (or the ones asked for) into entries. A missing file is
// a status, not an error; a file that does not parse is reported with line and column.
import { clientInfo } from './client-kinds.js';
import type { ConfigLocation } from './config-locations.js';
import { ClientConfigError, readClientConfig, type ClientConfigFile } from './config-file.js';
import { readClientEntries, type ClientServerEntry } from './read-entries.js';

export interface ScannedFile {
  location: ConfigLocation;
  status: 'missing' | 'empty' | 'read' | 'error';
  entries: ClientServerEntry[];
  config?: ClientConfigFile;
  error?: string;
}

export async function scanLocation(location: ConfigLocation, ports: ReadonlySet<number>): Promise<ScannedFile> {
  let config: ClientConfigFile;
  try {
    config = await readClientConfig(location.path, { allowsComments: clientInfo(location.client).allowsComments });
  } catch (error) {
    if (error instanceof ClientConfigError) return { location, status: 'error', entries: [], error: error.message };
    throw error;
  }
  if (!config.exists) return { location, status: 'missing', entries: [], config };
  if (config.empty) return { location, status: 'empty', entries: [], config };
  return { location, status: 'read', entries: readClientEntries(location.client, config.file, config.doc, location.scope, ports), config };
}

export function scanLocations(locations: readonly ConfigLocation[], ports: ReadonlySet<number>): Promise<ScannedFile[]> {
  return Promise.all(locations.map((location) => scanLocation(location, ports)));
}
