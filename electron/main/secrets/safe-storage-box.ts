// A SecretBox backed by Electron's safeStorage: Keychain on macOS, DPAPI on Windows,
// libsecret or KWallet on Linux. On Linux without a keyring safeStorage falls back to a
// hard-coded key ('basic_text'), which protects nothing: then we say so and store plainly.
// Call after `app` is ready (Linux picks its backend then).
import type { SafeStorage } from 'electron';
import { SEALED_PREFIX, isSealed, plainSecretBox, SecretBoxError, type SecretBox } from '../../gateway/store/secret-box.js';

export const NO_KEYRING_WARNING =
  'No system keyring is available, so upstream env values and headers are stored in config.json unencrypted (readable only by your user). Install and unlock a keyring (GNOME Keyring, KWallet) and restart Portcullis to encrypt them.';

type Storage = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

export function osBackedEncryption(storage: Storage, platform: NodeJS.Platform): boolean {
  if (!storage.isEncryptionAvailable()) return false;
  return platform !== 'linux' || storage.getSelectedStorageBackend() !== 'basic_text';
}

export function createSafeStorageBox(storage: Storage, platform: NodeJS.Platform): SecretBox {
  if (!osBackedEncryption(storage, platform)) return plainSecretBox(NO_KEYRING_WARNING);
  return {
    // The name OAuth sign-in files have always been written with.
    kind: 'electron-safe-storage',
    encrypted: true,
    seal: (plain) => SEALED_PREFIX + storage.encryptString(plain).toString('base64'),
    open: (stored) => {
      if (!isSealed(stored)) return stored;
      try {
        return storage.decryptString(Buffer.from(stored.slice(SEALED_PREFIX.length), 'base64'));
      } catch (error) {
        throw new SecretBoxError(`a stored secret could not be decrypted (was the keyring reset?): ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}
