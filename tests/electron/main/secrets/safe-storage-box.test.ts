import { afterEach, describe, expect, it } from 'vitest';
import { NO_KEYRING_WARNING, createSafeStorageBox, osBackedEncryption } from '../../../../electron/main/secrets/safe-storage-box.js';
import { SEALED_PREFIX, SecretBoxError, openUpstreamSecrets, plainSecretBox, sealUpstreamSecrets } from '../../../../electron/gateway/store/secret-box.js';
import { safeStorage } from '../../electron-mock.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

describe('secret storage', () => {
  afterEach(() => {
    safeStorage.available = true;
    safeStorage.backend = 'gnome_libsecret';
  });

  it('uses the OS keyring where there is one: sealed values are not the plain text and open again', () => {
    const box = createSafeStorageBox(safeStorage as never, 'linux');
    expect(box.encrypted).toBe(true);
    expect(box.warning).toBeUndefined();
    const sealed = box.seal('sk-live-123');
    expect(sealed.startsWith(SEALED_PREFIX)).toBe(true);
    expect(sealed).not.toContain('sk-live-123');
    expect(box.open(sealed)).toBe('sk-live-123');
    // Values written before encryption (or by hand) still read.
    expect(box.open('plain-value')).toBe('plain-value');
  });

  it("Linux's basic_text fallback protects nothing: store plainly and warn", () => {
    safeStorage.backend = 'basic_text';
    expect(osBackedEncryption(safeStorage as never, 'linux')).toBe(false);
    // basic_text is a Linux-only notion.
    expect(osBackedEncryption(safeStorage as never, 'darwin')).toBe(true);
    const box = createSafeStorageBox(safeStorage as never, 'linux');
    expect(box).toMatchObject({ encrypted: false, warning: NO_KEYRING_WARNING });
    expect(box.seal('sk-live-123')).toBe('sk-live-123');
  });

  it('no encryption at all: plain box with the warning', () => {
    safeStorage.available = false;
    expect(createSafeStorageBox(safeStorage as never, 'win32').encrypted).toBe(false);
  });

  it('a value that no longer decrypts is a clear error', () => {
    const box = createSafeStorageBox(safeStorage as never, 'darwin');
    expect(() => box.open(`${SEALED_PREFIX}${Buffer.from('garbage').toString('base64')}`)).toThrow(SecretBoxError);
    expect(() => plainSecretBox('w').open(box.seal('x'))).toThrow(/desktop app/);
  });

  it('seals env values of stdio upstreams and header values of HTTP ones, nothing else', () => {
    const box = createSafeStorageBox(safeStorage as never, 'darwin');
    const stdio = sealUpstreamSecrets({ transport: 'stdio', command: 'npx', args: ['server'], env: { TOKEN: 't0k' } }, box);
    expect(stdio).toMatchObject({ command: 'npx', args: ['server'] });
    expect(stdio.transport === 'stdio' && stdio.env.TOKEN?.startsWith(SEALED_PREFIX)).toBe(true);
    expect(sealUpstreamSecrets(stdio, box)).toEqual(stdio); // already sealed: unchanged
    expect(openUpstreamSecrets(stdio, box)).toMatchObject({ env: { TOKEN: 't0k' } });
    const http = sealUpstreamSecrets({ transport: 'http', url: 'https://mcp.example/', headers: { Authorization: 'Bearer x' } }, box);
    expect(http).toMatchObject({ url: 'https://mcp.example/' });
    expect(openUpstreamSecrets(http, box)).toMatchObject({ headers: { Authorization: 'Bearer x' } });
  });
});

describe('one box for config.json and OAuth sign-ins', () => {
  it('the OAuth store seals with the same box, and still reads a sign-in the app sealed before (no prefix)', async () => {
    const { readFile, rm, writeFile } = await import('node:fs/promises');
    const { OAuthStore } = await import('../../../../electron/gateway/upstream/oauth/token-store.js');
    const dir = makeTempDir('portcullis-one-box-');
    try {
      const box = createSafeStorageBox(safeStorage as never, 'darwin');
      const store = new OAuthStore(dir, box);
      await store.update('gh', 'https://x/mcp', (record) => void (record.tokens = { access_token: 'at-1', token_type: 'Bearer' }));
      const file = JSON.parse(await readFile(store.file('gh'), 'utf8')) as { box: string; sealed: string };
      expect(file.box).toBe('electron-safe-storage');
      expect(file.sealed.startsWith(SEALED_PREFIX)).toBe(true);
      expect(file.sealed).not.toContain('at-1');

      // What the app wrote before: the same kind, safeStorage's base64 without the prefix.
      const legacy = { access_token: 'at-old', token_type: 'Bearer' };
      const sealed = safeStorage.encryptString(JSON.stringify({ serverUrl: 'https://x/mcp', tokens: legacy })).toString('base64');
      await writeFile(store.file('gh'), JSON.stringify({ format: 1, box: 'electron-safe-storage', sealed }));
      const fresh = new OAuthStore(dir, box);
      expect((await fresh.read('gh', 'https://x/mcp'))?.tokens).toEqual(legacy);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
