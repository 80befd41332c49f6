// Reading what a server offers, for the catalog: tools, prompts and resource templates (all
// pages), over a connection that introduces itself as an ordinary AI client — the last real
// client the gateway has seen, else a common one — so a server cannot show the catalog one
// thing and the sessions another by its name (it is still checked per session: see
// catalog/session-observation.ts). Declaring what AI clients declare matters too: some
// servers only list tools for clients with sampling, elicitation or roots.
import { ResultSchema, type ClientCapabilities, type Implementation, type Prompt, type ResourceTemplate, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { UpstreamLink } from './connect-upstream.js';

export interface UpstreamListing {
  tools: Tool[];
  prompts: Prompt[];
  resourceTemplates: ResourceTemplate[];
}

export const CATALOG_CLIENT_CAPABILITIES: ClientCapabilities = { sampling: {}, elicitation: {}, roots: { listChanged: true } };

/** How a connection introduces itself at initialize. */
export interface ClientIdentity {
  clientInfo: Implementation;
  capabilities: ClientCapabilities;
}

/** A common AI client (VS Code's own name), until a real one has connected. */
export const COMMON_CLIENT: ClientIdentity = {
  clientInfo: { name: 'Visual Studio Code', version: '1.105.1' },
  capabilities: CATALOG_CLIENT_CAPABILITIES,
};

/** The identity the catalog connection borrows: the last client that opened a session. */
export class CatalogIdentity {
  private last?: Implementation;

  /** Only the plain fields are kept: whatever else a client sent is its own business. */
  remember(clientInfo: Implementation | undefined): void {
    if (typeof clientInfo?.name !== 'string' || typeof clientInfo.version !== 'string') return;
    this.last = { name: clientInfo.name, version: clientInfo.version, ...(typeof clientInfo.title === 'string' ? { title: clientInfo.title } : {}) };
  }

  current(): ClientIdentity {
    return this.last ? { clientInfo: { ...this.last }, capabilities: CATALOG_CLIENT_CAPABILITIES } : COMMON_CLIENT;
  }
}

const MAX_PAGES = 100;

/** A catalog connection answers roots/list with no roots and refuses what only a person could answer. */
export function answerAsCatalogClient(client: Client, who: string): void {
  client.fallbackRequestHandler = async (request) => {
    if (request.method === 'roots/list') return { roots: [] };
    throw Object.assign(new Error(`${who} does not answer ${request.method}`), { code: -32601 });
  };
}

export async function listUpstream(link: UpstreamLink, timeoutMs?: number): Promise<UpstreamListing> {
  const caps = link.client.getServerCapabilities() ?? {};
  const [tools, prompts, resourceTemplates] = await Promise.all([
    caps.tools ? listAll(link, 'tools/list', 'tools', timeoutMs) : [],
    caps.prompts ? listAll(link, 'prompts/list', 'prompts', timeoutMs) : [],
    caps.resources ? listAll(link, 'resources/templates/list', 'resourceTemplates', timeoutMs) : [],
  ]);
  return { tools: tools as Tool[], prompts: prompts as Prompt[], resourceTemplates: resourceTemplates as ResourceTemplate[] };
}

async function listAll(link: UpstreamLink, method: string, key: string, timeout?: number): Promise<unknown[]> {
  const items: unknown[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const request = { method, params: cursor ? { cursor } : {} } as never;
    const result = (await link.client.request(request, ResultSchema, timeout ? { timeout } : undefined)) as Record<string, unknown>;
    const batch = result[key];
    if (Array.isArray(batch)) items.push(...batch);
    cursor = typeof result.nextCursor === 'string' ? result.nextCursor : undefined;
    if (!cursor) break;
  }
  return items;
}
