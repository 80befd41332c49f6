// The end of an upstream-OAuth test: its clients closed, the OAuth service closed, the fixture
// authorization server stopped, then its data dir removed.
import { rm } from 'node:fs/promises';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { UpstreamOAuth } from '../../electron/gateway/upstream/oauth/upstream-oauth.js';
import type { OAuthFixture } from '../fixtures/oauth/oauth-fixture.js';

export async function endOAuthTest(parts: { clients: Client[]; oauth: UpstreamOAuth; fixture: OAuthFixture | undefined; dir: string }): Promise<void> {
  for (const client of parts.clients.splice(0)) await client.close().catch(() => undefined);
  parts.oauth.close();
  await parts.fixture?.close();
  // A transport may still be finishing a refresh it started before close(): let it land, then retry on ENOTEMPTY.
  await new Promise((resolve) => setTimeout(resolve, 50));
  await rm(parts.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}
