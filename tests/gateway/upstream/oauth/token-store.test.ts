import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmod, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { ForeignBoxError, OAuthStore } from '../../../../electron/gateway/upstream/oauth/token-store.js';
import { SEALED_PREFIX, type SecretBox } from '../../../../electron/gateway/store/secret-box.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

const URL_A = 'https://mcp.example.com/mcp';
const tokens = { access_token: 'at-secret-1', token_type: 'Bearer', expires_in: 60, refresh_token: 'rt-secret-1' };

/** Reverses the text: enough to tell sealed from plain (an encrypting box marks what it seals). */
const reversingBox: SecretBox = {
  kind: 'reversing',
  encrypted: true,
  seal: (s) => SEALED_PREFIX + [...s].reverse().join(''),
  open: (s) => [...s.slice(SEALED_PREFIX.length)].reverse().join(''),
};

let dir: string;
beforeEach(async () => {
  dir = makeTempDir('portcullis-oauth-store-');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('OAuthStore', () => {
  it('reads back what it wrote, from a 0600 file in a 0700 folder', async () => {
    const store = new OAuthStore(dir);
    expect(await store.read('gh', URL_A)).toEqual({ serverUrl: URL_A });
    await store.update('gh', URL_A, (r) => ((r.tokens = tokens), (r.obtainedAt = 1)));
    expect(await new OAuthStore(dir).read('gh', URL_A)).toEqual({ serverUrl: URL_A, tokens, obtainedAt: 1 });
    expect((await stat(store.file('gh'))).mode & 0o777).toBe(0o600);
    expect((await stat(store.folder)).mode & 0o777).toBe(0o700);
  });

  it('sees changes made by another process (another store on the same folder)', async () => {
    const gateway = new OAuthStore(dir);
    const cli = new OAuthStore(dir);
    await cli.update('gh', URL_A, (r) => (r.tokens = tokens));
    expect((await gateway.read('gh', URL_A)).tokens?.access_token).toBe('at-secret-1');
    // Same length, same folder, rename over: the cache must still notice.
    await cli.update('gh', URL_A, (r) => (r.tokens = { ...tokens, access_token: 'at-secret-2' }));
    expect((await gateway.read('gh', URL_A)).tokens?.access_token).toBe('at-secret-2');
  });

  it('never hands credentials stored for one URL to another; a configured client secret stays', async () => {
    const store = new OAuthStore(dir);
    await store.update('gh', URL_A, (r) => ((r.tokens = tokens), (r.clientSecret = 'cs'), (r.client = { client_id: 'dcr' })));
    expect(await store.read('gh', 'https://evil.example.com/mcp')).toEqual({ serverUrl: 'https://evil.example.com/mcp', clientSecret: 'cs' });
  });

  it('seals with its box, and says when another box sealed the file', async () => {
    const sealed = new OAuthStore(dir, reversingBox);
    await sealed.update('gh', URL_A, (r) => (r.tokens = tokens));
    const text = await readFile(sealed.file('gh'), 'utf8');
    expect(text).not.toContain('at-secret-1');
    expect(JSON.parse(text)).toMatchObject({ format: 1, box: 'reversing' });
    expect((await sealed.read('gh', URL_A)).tokens).toEqual(tokens);
    expect(sealed.describeProtection('gh')).toContain('encrypted with the system keychain');

    const headless = new OAuthStore(dir);
    await expect(headless.read('gh', URL_A)).rejects.toBeInstanceOf(ForeignBoxError);
    // Logging out here is still possible: it drops the file it cannot read.
    expect(await headless.forgetTokens('gh')).toBe(true);
    expect(await headless.read('gh', URL_A)).toEqual({ serverUrl: URL_A });
  });

  it('the app reads files written headless (file-mode box) and re-seals them on the next write', async () => {
    await new OAuthStore(dir).update('gh', URL_A, (r) => (r.tokens = tokens));
    const app = new OAuthStore(dir, reversingBox);
    expect((await app.read('gh', URL_A)).tokens).toEqual(tokens);
    await app.update('gh', URL_A, (r) => (r.obtainedAt = 2));
    expect(await readFile(app.file('gh'), 'utf8')).not.toContain('at-secret-1');
  });

  it('forgetTokens keeps the client registration; forgetServer drops everything', async () => {
    const store = new OAuthStore(dir);
    await store.update('gh', URL_A, (r) => ((r.tokens = tokens), (r.client = { client_id: 'dcr' }), (r.stepUpScope = 'a b')));
    expect(await store.forgetTokens('gh')).toBe(true);
    expect(await store.read('gh', URL_A)).toEqual({ serverUrl: URL_A, client: { client_id: 'dcr' } });
    expect(await store.forgetTokens('gh')).toBe(false);
    await store.forgetServer('gh');
    await expect(stat(store.file('gh'))).rejects.toThrow();
  });

  it('refuses server ids that could leave the folder, and corrupt files with a clear message', async () => {
    const store = new OAuthStore(dir);
    expect(() => store.file('../../config')).toThrow("'../../config' is not a valid server id");
    await store.update('gh', URL_A, () => undefined);
    await chmod(store.file('gh'), 0o600);
    await writeFile(store.file('gh'), '{ not json');
    await expect(store.read('gh', URL_A)).rejects.toThrow(/not valid JSON; run 'portcullis server logout gh'/);
  });
});
