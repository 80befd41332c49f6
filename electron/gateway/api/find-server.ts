// A server the Api is asked about. One another process has just added (`portcullis server
// add x && portcullis policy set x …`) may be in config.json before the watcher has
// reloaded it: read the file once more before answering not-found.
import type { ServerConfig } from '../../../shared/config.js';
import { notFound } from '../../../shared/api-error.js';
import type { Portcullis } from '../portcullis.js';

export async function requireServer(app: Portcullis, id: string): Promise<ServerConfig> {
  const config = app.gateway.config;
  let server = config.server(id);
  if (!server) {
    await config.reload();
    server = config.server(id);
  }
  if (!server) throw notFound(`no server named '${id}'`);
  return server;
}
