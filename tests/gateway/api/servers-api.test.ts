// Servers through the Api with the OAuth settings the config supports: client id and metadata
// URL in config.json, the client secret only in the protected sign-in store, and no secret in
// any answer; removing a server forgets its sign-in.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ApiError } from '../../../shared/api-error.js';
import { callApi } from '../../../electron/gateway/api/call-api.js';
import { useCoreApi } from '../../helpers/core-api.js';

const core = useCoreApi('portcullis-servers-api-');

const CLI = { actor: 'cli' } as const;
const SECRET = 'sup3r-s3cret-value';
const upstream = { transport: 'http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer hdr-s3cret' }, oauth: { clientId: 'pc', clientMetadataUrl: 'https://core.app.example.com/client.json' } };

describe('servers through the Api', () => {
  test('addServer keeps the OAuth settings in config.json and the client secret only in the 0600 sign-in store; answers are masked', async () => {
    const added = await callApi(core.api, 'addServer', { id: 'remote', upstream, oauthClientSecret: SECRET }, CLI);
    expect(added.config.upstream).toEqual({ ...upstream, headers: { Authorization: '***' } });
    const listed = await callApi(core.api, 'listServers', {}, CLI);
    for (const answer of [added, listed]) {
      expect(JSON.stringify(answer)).not.toContain(SECRET);
      expect(JSON.stringify(answer)).not.toContain('hdr-s3cret');
    }
    const config = await readFile(path.join(core.dataDir, 'config.json'), 'utf8');
    expect(config).not.toContain(SECRET);
    expect(JSON.parse(config).servers[0].upstream.oauth).toEqual(upstream.oauth);
    const signIn = path.join(core.dataDir, 'oauth', 'remote.json');
    expect(await readFile(signIn, 'utf8')).toContain(SECRET); // the plain box: headless, mode 0600
    expect((await stat(signIn)).mode & 0o777).toBe(0o600);

    await callApi(core.api, 'removeServer', { id: 'remote' }, CLI);
    await expect(stat(signIn)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('a client secret without a client id, on a stdio server, or an http metadata URL is refused, and nothing is added', async () => {
    const refusals = [
      { id: 'a', upstream: { ...upstream, oauth: { clientMetadataUrl: upstream.oauth.clientMetadataUrl } }, oauthClientSecret: SECRET },
      { id: 'b', upstream: { transport: 'stdio', command: 'node' }, oauthClientSecret: SECRET },
      { id: 'c', upstream: { ...upstream, oauth: { clientMetadataUrl: 'http://core.app.example.com/client.json' } } },
      { id: 'd', upstream: { ...upstream, oauth: { clientSecret: SECRET } } },
    ];
    for (const input of refusals) {
      const error = await callApi(core.api, 'addServer', input, CLI).catch((e: unknown) => e);
      expect(error, input.id).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('invalid-input');
      expect((error as ApiError).message).not.toContain(SECRET);
    }
    expect(await callApi(core.api, 'listServers', {}, CLI)).toEqual([]);
  });
});
