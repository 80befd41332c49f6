// Lists a server's tools, prompts and resource templates over a one-off connection, for a
// CLI with no running gateway to ask: the catalog stays empty until something has listed
// them. Declares what AI clients declare (as the gateway's own connection does), so a
// server that gates tools on client capabilities lists them all.
import { ResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamConfig } from '../../shared/config.js';
import type { CatalogListing } from '../../shared/catalog.js';
import { connectUpstream, type UpstreamLink } from '../gateway/upstream/connect-upstream.js';

const CLIENT_INFO = { name: 'portcullis-cli', version: '0.1.0' };
const MAX_PAGES = 100;

export async function listUpstreamOnce(upstream: UpstreamConfig, timeoutMs = 30_000): Promise<CatalogListing> {
  const link = await connectUpstream(upstream, {
    clientInfo: CLIENT_INFO,
    capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } },
    connectTimeoutMs: timeoutMs,
    configure: (client) => {
      client.fallbackRequestHandler = async (request) => {
        if (request.method === 'roots/list') return { roots: [] };
        throw Object.assign(new Error(`the Portcullis CLI does not answer ${request.method}`), { code: -32601 });
      };
    },
  });
  try {
    const caps = link.client.getServerCapabilities() ?? {};
    const [tools, prompts, resourceTemplates] = await Promise.all([
      caps.tools ? listAll(link, 'tools/list', 'tools', timeoutMs) : [],
      caps.prompts ? listAll(link, 'prompts/list', 'prompts', timeoutMs) : [],
      caps.resources ? listAll(link, 'resources/templates/list', 'resourceTemplates', timeoutMs) : [],
    ]);
    return { tools, prompts, resourceTemplates } as CatalogListing;
  } finally {
    await link.close();
  }
}

async function listAll(link: UpstreamLink, method: string, key: string, timeout: number): Promise<unknown[]> {
  const items: unknown[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = (await link.client.request({ method, params: cursor ? { cursor } : {} } as never, ResultSchema, { timeout })) as Record<string, unknown>;
    const batch = result[key];
    if (Array.isArray(batch)) items.push(...batch);
    cursor = typeof result.nextCursor === 'string' ? result.nextCursor : undefined;
    if (!cursor) break;
  }
  return items;
}
