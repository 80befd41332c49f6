// Lists a server's tools, prompts and resource templates over a one-off connection, for a
// CLI with no running gateway to ask: the catalog stays empty until something has listed
// them. Declares what AI clients declare (as the gateway's own connection does), so a
// server that gates tools on client capabilities lists them all.
import type { ServerConfig, UpstreamConfig } from '../../../shared/config.js';
import { ApiError } from '../../../shared/api-error.js';
import type { Portcullis } from '../portcullis.js';
import type { CatalogListing } from '../../../shared/catalog.js';
import { connectUpstream } from '../upstream/connect-upstream.js';
import { answerAsCatalogClient, COMMON_CLIENT, listUpstream } from '../upstream/list-upstream.js';

export async function listUpstreamOnce(upstream: UpstreamConfig, timeoutMs = 30_000): Promise<CatalogListing> {
  const link = await connectUpstream(upstream, {
    // An ordinary client's identity, as the gateway's catalog connection uses (see list-upstream.ts).
    clientInfo: COMMON_CLIENT.clientInfo,
    capabilities: COMMON_CLIENT.capabilities,
    connectTimeoutMs: timeoutMs,
    configure: (client) => answerAsCatalogClient(client, 'this client'),
  });
  try {
    return (await listUpstream(link, timeoutMs)) as CatalogListing;
  } finally {
    await link.close();
  }
}

/** Lists a server's tools once and puts them in the catalog (a server nobody has listed yet). */
export async function listToolsOnce(app: Portcullis, server: ServerConfig): Promise<number> {
  const listing = await listUpstreamOnce(server.upstream).catch((error: unknown) => {
    throw new ApiError('internal', `could not list the tools of '${server.id}': ${(error as Error).message}`);
  });
  app.catalog.sync(server.id, listing);
  return listing.tools.length;
}
