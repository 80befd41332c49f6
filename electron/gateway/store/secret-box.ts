// SecretBox: how secrets are kept at rest: upstream secrets in config.json (stdio env
// values, HTTP header values) and OAuth sign-ins (upstream/oauth/token-store.ts), one box for
// both. No electron import: the core can take a SecretBox without knowing who made it. The
// desktop app passes one backed by the OS keychain (main/secrets/safe-storage-box.ts);
// headless runs use the plain box, whose warning the UI shows, and the files' mode (0600).
import type { UpstreamConfig } from '../../../shared/config.js';

export interface SecretBox {
  /** Names how this box seals: written beside a sealed file, so a file is opened only by a box that can. */
  readonly kind: string;
  /** True when sealed values are encrypted with a key the OS keeps (Keychain, DPAPI, libsecret/KWallet). */
  readonly encrypted: boolean;
  /** Set when they are not: shown to the person (AppInfo.secretStorageWarning). */
  readonly warning?: string;
  /** The stored form of a secret value; an encrypting box starts it with SEALED_PREFIX. */
  seal(plain: string): string;
  /** The value back. Unsealed (legacy, plain) values come back as they are. */
  open(stored: string): string;
}

/** Marks a sealed value in config.json, so plain values written before (or by hand) still read. */
export const SEALED_PREFIX = 'pcsec:v1:';

export function isSealed(stored: string): boolean {
  return stored.startsWith(SEALED_PREFIX);
}

export class SecretBoxError extends Error {}

/** The plain box's kind: any process can open what it sealed. */
export const PLAIN_BOX_KIND = 'file-mode-0600';

export const PLAIN_BOX_WARNING = 'Secrets are stored unencrypted, protected only by file permissions (readable only by your user).';

/** Stores secrets as they are (the file itself is 0600). */
export function plainSecretBox(warning: string = PLAIN_BOX_WARNING): SecretBox {
  return {
    kind: PLAIN_BOX_KIND,
    encrypted: false,
    warning,
    seal: (plain) => plain,
    open: (stored) => {
      if (isSealed(stored)) throw new SecretBoxError('this value was encrypted by the Portcullis desktop app and can only be read there');
      return stored;
    },
  };
}

/** Seals every env value and header value of an upstream (what the core writes to config.json). */
export function sealUpstreamSecrets(upstream: UpstreamConfig, box: SecretBox): UpstreamConfig {
  return mapSecrets(upstream, (value) => (isSealed(value) ? value : box.seal(value)));
}

/** Opens them again (what the core does before starting the upstream). */
export function openUpstreamSecrets(upstream: UpstreamConfig, box: SecretBox): UpstreamConfig {
  return mapSecrets(upstream, (value) => box.open(value));
}

function mapSecrets(upstream: UpstreamConfig, map: (value: string) => string): UpstreamConfig {
  const mapValues = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
  return upstream.transport === 'stdio' ? { ...upstream, env: mapValues(upstream.env) } : { ...upstream, headers: mapValues(upstream.headers) };
}
