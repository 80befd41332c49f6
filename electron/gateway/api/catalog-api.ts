// Api: the tool catalog (list, review a change, override a risk class or level).
import type { PortcullisApi } from '../../../shared/api.js';
import type { Portcullis } from '../portcullis.js';
import { notFound } from '../../../shared/api-error.js';

export function catalogApi(app: Portcullis): Pick<PortcullisApi, 'listCatalog' | 'reviewTool' | 'overrideRisk'> {
  const requireTool = (serverId: string, tool: string) => {
    if (!app.catalog.entry(serverId, tool)) throw notFound(`tool '${tool}' of server '${serverId}' is not in the catalog`);
  };
  return {
    async listCatalog({ serverId }) {
      if (!app.gateway.config.server(serverId)) throw notFound(`no server named '${serverId}'`);
      return app.catalog.entries(serverId);
    },
    async reviewTool({ serverId, tool }) {
      requireTool(serverId, tool);
      return app.catalog.review(serverId, tool);
    },
    async overrideRisk({ serverId, tool, override }) {
      requireTool(serverId, tool);
      return app.catalog.setOverride(serverId, tool, override);
    },
  };
}
