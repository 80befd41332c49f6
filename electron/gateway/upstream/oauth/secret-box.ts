// What protects OAuth secrets at rest. Headless Portcullis has no keychain, so there the
// file's permissions (0600) are the only protection and the box passes text through; the
// Electron app plugs in `safeStorage` (the OS keychain) through `safeStorageBox`.

export interface SecretBox {
  /** Written beside the sealed text, so a file is always opened by the box that sealed it. */
  readonly kind: string;
  /** True when seal() really encrypts; false when only the file mode protects the text. */
  readonly encrypts: boolean;
  seal(plain: string): string;
  open(sealed: string): string;
}

export const FILE_MODE_BOX: SecretBox = {
  kind: 'file-mode-0600',
  encrypts: false,
  seal: (plain) => plain,
  open: (sealed) => sealed,
};

/** The slice of Electron's `safeStorage` the box needs, typed here so the core never imports electron. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** For the Electron main process: `new UpstreamOAuth({ dataDir, box: safeStorageBox(safeStorage) })`. */
export function safeStorageBox(safeStorage: SafeStorageLike): SecretBox {
  if (!safeStorage.isEncryptionAvailable()) return FILE_MODE_BOX;
  return {
    kind: 'electron-safe-storage',
    encrypts: true,
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
