// Lists a server's tools, prompts and resource templates over a one-off connection, for a
// CLI with no running gateway to ask: the catalog stays empty until something has listed
// them. Declares what AI clients declare (as the gateway's own connection does), so a
// server that gates tools on client capabilities lists them all.
import type { UpstreamConfig } from '../../shared/config.js';
import type { CatalogListing } from '../../shared/catalog.js';
import { connectUpstream } from '../gateway/upstream/connect-upstream.js';
import { answerAsCatalogClient, CATALOG_CLIENT_CAPABILITIES, listUpstream } from '../gateway/upstream/list-upstream.js';

const CLIENT_INFO = { name: 'portcullis-cli', version: '0.1.0' };

export async function listUpstreamOnce(upstream: UpstreamConfig, timeoutMs = 30_000): Promise<CatalogListing> {
  const link = await connectUpstream(upstream, {
    clientInfo: CLIENT_INFO,
    capabilities: CATALOG_CLIENT_CAPABILITIES,
    connectTimeoutMs: timeoutMs,
    configure: (client) => answerAsCatalogClient(client, 'the Portcullis CLI'),
  });
  try {
    return (await listUpstream(link, timeoutMs)) as CatalogListing;
  } finally {
    await link.close();
  }
}
