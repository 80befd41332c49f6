// Api: the tool catalog (list, review a change, override a risk class or level).
import type { PortcullisApi } from '../../../shared/api.js';
import type { Portcullis } from '../portcullis.js';
import type { ServerConfig } from '../../../shared/config.js';
import { ApiError, notFound } from '../../../shared/api-error.js';
import { requireServer } from './find-server.js';
import { listUpstreamOnce } from './list-upstream-once.js';

export interface CatalogApiOptions {
  /**
   * A core that supervises no upstreams (the CLI's, when no gateway runs) has nobody to
   * list a new server's tools: list them once over a one-off connection, and say so.
   */
  listUnlisted?: { note(message: string): void };
}

export function catalogApi(app: Portcullis, options: CatalogApiOptions = {}): Pick<PortcullisApi, 'listCatalog' | 'reviewTool' | 'overrideRisk'> {
  const requireTool = (serverId: string, tool: string) => {
    if (!app.catalog.entry(serverId, tool)) throw notFound(`tool '${tool}' of server '${serverId}' is not in the catalog`);
  };
  const listOnce = async (server: ServerConfig, note: (message: string) => void) => {
    note(`No catalog for '${server.id}' yet (no gateway has listed its tools): connecting to it once to list them…`);
    const listing = await listUpstreamOnce(server.upstream).catch((error: unknown) => {
      throw new ApiError('internal', `could not list the tools of '${server.id}': ${(error as Error).message}`);
    });
    app.catalog.sync(server.id, listing);
    note(`Catalogued ${listing.tools.length} tool${listing.tools.length === 1 ? '' : 's'} of '${server.id}'.`);
  };
  return {
    async listCatalog({ serverId }) {
      const server = await requireServer(app, serverId);
      if (options.listUnlisted && app.catalog.entries(serverId).length === 0) await listOnce(server, options.listUnlisted.note);
      return app.catalog.entries(serverId);
    },
    async reviewTool({ serverId, tool }) {
      await requireServer(app, serverId);
      requireTool(serverId, tool);
      return app.catalog.review(serverId, tool);
    },
    async overrideRisk({ serverId, tool, override }) {
      requireTool(serverId, tool);
      return app.catalog.setOverride(serverId, tool, override);
    },
  };
}
