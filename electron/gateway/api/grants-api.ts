// Api: grants (client credentials). The token is returned once, by createGrant.
import type { PortcullisApi } from '../../../shared/api.js';
import { createGrant, listGrants, revokeGrant } from '../config/grants.js';
import type { Portcullis } from '../portcullis.js';

export function grantsApi(app: Portcullis): Pick<PortcullisApi, 'listGrants' | 'createGrant' | 'revokeGrant'> {
  const config = app.gateway.config;
  return {
    listGrants: async () => app.gateway.lastSeen.merge(listGrants(config)),
    createGrant: ({ name }) => createGrant(config, name),
    revokeGrant: ({ name }) => revokeGrant(config, name),
  };
}
