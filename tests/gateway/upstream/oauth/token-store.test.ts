import { describe, expect, it } from 'vitest';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { ForeignBoxError, OAuthStore } from '../../../../electron/gateway/upstream/oauth/token-store.js';
import type { SecretBox } from '../../../../electron/gateway/upstream/oauth/secret-box.js';
import { safeStorageBox, FILE_MODE_BOX } from '../../../../electron/gateway/upstream/oauth/secret-box.js';
import { useTempDir } from '../../../helpers/temp-dir.js';

const URL_A = 'https://mcp.example.com/mcp';
const tokens = { access_token: 'at-secret-1', token_type: 'Bearer', expires_in: 60, refresh_token: 'rt-secret-1' };

/** Reverses the text: enough to tell sealed from plain. */
const reversingBox: SecretBox = { kind: 'reversing', encrypts: true, seal: (s) => [...s].reverse().join(''), open: (s) => [...s].reverse().join('') };

const tmp = useTempDir('portcullis-oauth-store-');

describe('OAuthStore', () => {
  it('reads back what it wrote, from a 0600 file in a 0700 folder', async () => {
    const store = new OAuthStore(tmp.path);
    expect(await store.read('gh', URL_A)).toEqual({ serverUrl: URL_A });
    await store.update('gh', URL_A, (r) => ((r.tokens = tokens), (r.obtainedAt = 1)));
    expect(await new OAuthStore(tmp.path).read('gh', URL_A)).toEqual({ serverUrl: URL_A, tokens, obtainedAt: 1 });
    expect((await stat(store.file('gh'))).mode & 0o777).toBe(0o600);
    expect((await stat(store.folder)).mode & 0o777).toBe(0o700);
  });

  it('sees changes made by another process (another store on the same folder)', async () => {
    const gateway = new OAuthStore(tmp.path);
    const cli = new OAuthStore(tmp.path);
    await cli.update('gh', URL_A, (r) => (r.tokens = tokens));
    expect((await gateway.read('gh', URL_A)).tokens?.access_token).toBe('at-secret-1');
    // Same length, same folder, rename over: the cache must still notice.
    await cli.update('gh', URL_A, (r) => (r.tokens = { ...tokens, access_token: 'at-secret-2' }));
    expect((await gateway.read('gh', URL_A)).tokens?.access_token).toBe('at-secret-2');
  });

  it('never hands credentials stored for one URL to another; a configured client secret stays', async () => {
    const store = new OAuthStore(tmp.path);
    await store.update('gh', URL_A, (r) => ((r.tokens = tokens), (r.clientSecret = 'cs'), (r.client = { client_id: 'dcr' })));
    expect(await store.read('gh', 'https://evil.example.com/mcp')).toEqual({ serverUrl: 'https://evil.example.com/mcp', clientSecret: 'cs' });
  });

  it('seals with its box, and says when another box sealed the file', async () => {
    const sealed = new OAuthStore(tmp.path, reversingBox);
    await sealed.update('gh', URL_A, (r) => (r.tokens = tokens));
    const text = await readFile(sealed.file('gh'), 'utf8');
    expect(text).not.toContain('at-secret-1');
    expect(JSON.parse(text)).toMatchObject({ format: 1, box: 'reversing' });
    expect((await sealed.read('gh', URL_A)).tokens).toEqual(tokens);
    expect(sealed.describeProtection('gh')).toContain('encrypted with the system keychain');

    const headless = new OAuthStore(tmp.path);
    await expect(headless.read('gh', URL_A)).rejects.toBeInstanceOf(ForeignBoxError);
    // Logging out here is still possible: it drops the file it cannot read.
    expect(await headless.forgetTokens('gh')).toBe(true);
    expect(await headless.read('gh', URL_A)).toEqual({ serverUrl: URL_A });
  });

  it('the app reads files written headless (file-mode box) and re-seals them on the next write', async () => {
    await new OAuthStore(tmp.path).update('gh', URL_A, (r) => (r.tokens = tokens));
    const app = new OAuthStore(tmp.path, reversingBox);
    expect((await app.read('gh', URL_A)).tokens).toEqual(tokens);
    await app.update('gh', URL_A, (r) => (r.obtainedAt = 2));
    expect(await readFile(app.file('gh'), 'utf8')).not.toContain('at-secret-1');
  });

  it('forgetTokens keeps the client registration; forgetServer drops everything', async () => {
    const store = new OAuthStore(tmp.path);
    await store.update('gh', URL_A, (r) => ((r.tokens = tokens), (r.client = { client_id: 'dcr' }), (r.stepUpScope = 'a b')));
    expect(await store.forgetTokens('gh')).toBe(true);
    expect(await store.read('gh', URL_A)).toEqual({ serverUrl: URL_A, client: { client_id: 'dcr' } });
    expect(await store.forgetTokens('gh')).toBe(false);
    await store.forgetServer('gh');
    await expect(stat(store.file('gh'))).rejects.toThrow();
  });

  it('refuses server ids that could leave the folder, and corrupt files with a clear message', async () => {
    const store = new OAuthStore(tmp.path);
    expect(() => store.file('../../config')).toThrow("'../../config' is not a valid server id");
    await store.update('gh', URL_A, () => undefined);
    await chmod(store.file('gh'), 0o600);
    await writeFile(store.file('gh'), '{ not json');
    await expect(store.read('gh', URL_A)).rejects.toThrow(/not valid JSON; run 'portcullis server logout gh'/);
  });
});

describe('safeStorageBox', () => {
  it('uses safeStorage when encryption is available, else the file mode alone', () => {
    const fake = {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(`enc:${s}`),
      decryptString: (b: Buffer) => b.toString().slice(4),
    };
    const box = safeStorageBox(fake);
    expect(box.encrypts).toBe(true);
    expect(box.open(box.seal('hello'))).toBe('hello');
    expect(box.seal('hello')).not.toContain('hello');
    expect(safeStorageBox({ ...fake, isEncryptionAvailable: () => false })).toBe(FILE_MODE_BOX);
  });
});
