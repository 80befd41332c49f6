import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { challengeObservingFetch, probeAuthChallenge, type ChallengeParams } from '../../../../electron/gateway/upstream/oauth/auth-challenge.js';
import { startOAuthFixture, type OAuthFixture } from '../../../fixtures/oauth/oauth-fixture.js';

let fixture: OAuthFixture | undefined;
let server: Server | undefined;
afterEach(async () => {
  await fixture?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  fixture = server = undefined;
});

const http = (url: string) => ({ transport: 'http' as const, url, headers: {} });

describe('probeAuthChallenge', () => {
  it('reads the challenge of a server that refuses initialize', async () => {
    fixture = await startOAuthFixture();
    expect(await probeAuthChallenge(http(fixture.mcpUrl))).toMatchObject({ needsSignIn: true, on: 'initialize', scope: 'mcp:read' });
  });

  it('asks tools/list in the same session when initialize is let through (sign-in on demand)', async () => {
    fixture = await startOAuthFixture({ anonymousInitialize: true });
    const challenge = await probeAuthChallenge(http(fixture.mcpUrl));
    expect(challenge).toMatchObject({ needsSignIn: true, on: 'tools/list', scope: 'mcp:read' });
    expect(challenge.needsSignIn && challenge.resourceMetadataUrl?.href).toBe(`${new URL(fixture.mcpUrl).origin}/.well-known/oauth-protected-resource/mcp`);
    expect(fixture.mcpStatuses).toEqual([200, 202, 401]);
  });

  it('says what it asked when nothing asked for a sign-in', async () => {
    fixture = await startOAuthFixture();
    expect(await probeAuthChallenge(http(`${fixture.issuerUrl}mcp`))).toEqual({ needsSignIn: false, status: 404, asked: 'initialize' });
  });
});

describe('challengeObservingFetch', () => {
  async function respond(status: number, header?: string): Promise<string> {
    server = createServer((_req, res) => {
      res.writeHead(status, header ? { 'www-authenticate': header } : {}).end('{}');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  }

  function observe(url: string) {
    const seen: string[] = [];
    const fetchLike = challengeObservingFetch(url, {
      onUnauthorized: (c: ChallengeParams) => void seen.push(`401 ${c.scope}`),
      onInsufficientScope: async (c: ChallengeParams) => (seen.push(`403 ${c.scope}`), new Error(`more scope: ${c.scope}`)),
    });
    return { seen, fetchLike };
  }

  it('fails a 403 insufficient_scope with the observer\'s error, and tells it about a 401 but hands the 401 on', async () => {
    const forbidden = await respond(403, 'Bearer error="insufficient_scope", scope="a b"');
    const { seen, fetchLike } = observe(forbidden);
    await expect(fetchLike(forbidden, { method: 'POST' })).rejects.toThrow('more scope: a b');
    server!.close();

    const unauthorized = await respond(401, 'Bearer scope="a"');
    const other = observe(unauthorized);
    expect((await other.fetchLike(unauthorized, { method: 'POST' })).status).toBe(401);
    expect([...seen, ...other.seen]).toEqual(['403 a b', '401 a']);
  });

  it('ignores other 403s, token requests and other origins', async () => {
    const forbidden = await respond(403, 'Bearer error="invalid_token"');
    const { seen, fetchLike } = observe(forbidden);
    expect((await fetchLike(forbidden, { method: 'POST' })).status).toBe(403);
    const unauthorized = observe('http://127.0.0.2:1/mcp');
    expect((await unauthorized.fetchLike(forbidden, { method: 'POST' })).status).toBe(403);
    const token = observe(forbidden);
    expect((await token.fetchLike(forbidden, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token' }) })).status).toBe(403);
    expect([...seen, ...unauthorized.seen, ...token.seen]).toEqual([]);
  });
});
