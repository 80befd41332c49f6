// The protected store of everything OAuth that must not sit in config.json: tokens,
// registered client credentials, a pre-registered client secret, cached discovery.
// One file per server, `oauth/<server-id>.json`, mode 0600 in a 0700 folder, sealed by a
// SecretBox. Writes are atomic and locked, so `portcullis server login` in one process and
// a refreshing gateway in another never lose each other's changes.
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { SERVER_ID_PATTERN } from '../../../../shared/config.js';
import { atomicWriteFile } from '../../store/atomic-write.js';
import { withFileLock } from '../../store/file-lock.js';
import { isSealed, plainSecretBox, PLAIN_BOX_KIND, SEALED_PREFIX, type SecretBox } from '../../store/secret-box.js';

export interface OAuthRecord {
  /** The upstream URL these credentials belong to: a server whose URL changed never receives them. */
  serverUrl: string;
  /** A pre-registered client's secret (`server add --oauth-client-secret`). */
  clientSecret?: string;
  /** From dynamic registration or a client ID metadata document, stamped by the SDK with its issuer. */
  client?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  /** When `tokens` arrived (ms since the epoch): `expires_in` counts from here. */
  obtainedAt?: number;
  discovery?: OAuthDiscoveryState;
  /** The loopback redirect URI of the last sign-in. */
  redirectUrl?: string;
  /** The scope the server's challenges (401, 403 insufficient_scope) asked for beyond the tokens': the next sign-in requests it. */
  stepUpScope?: string;
  /** When the gateway last saw the server ask for a sign-in (a server may only ask on tools/list or tools/call). */
  challengedAt?: number;
  /** When a person last signed in (refreshes do not change it), and the scope that sign-in asked for. */
  signedInAt?: number;
  signInScope?: string;
  /** Sign-ins after which the server still refused a scope they asked for (see MAX_SCOPE_REFUSALS), and the last one counted. */
  scopeRefusals?: number;
  refusedSignInAt?: number;
}

interface StoredFile {
  format: 1;
  box: string;
  sealed: string;
}

export class OAuthStoreError extends Error {}

/** The file was sealed by a box this process does not have (the desktop app's keychain, read headless). */
export class ForeignBoxError extends OAuthStoreError {}

export class OAuthStore {
  private readonly cache = new Map<string, { key: string; record: OAuthRecord }>();

  constructor(
    readonly dataDir: string,
    readonly box: SecretBox = plainSecretBox(),
  ) {}

  get folder(): string {
    return path.join(this.dataDir, 'oauth');
  }

  file(serverId: string): string {
    if (!SERVER_ID_PATTERN.test(serverId)) throw new OAuthStoreError(`'${serverId}' is not a valid server id`);
    return path.join(this.folder, `${serverId}.json`);
  }

  /** The server's record; an empty one when nothing is stored or what is stored was for another URL. */
  async read(serverId: string, serverUrl: string): Promise<OAuthRecord> {
    const stored = await this.readRaw(serverId);
    if (!stored) return { serverUrl };
    if (stored.serverUrl !== serverUrl) return { serverUrl, ...(stored.clientSecret ? { clientSecret: stored.clientSecret } : {}) };
    return structuredClone(stored);
  }

  /** Locked read-modify-write of the server's record. */
  async update(serverId: string, serverUrl: string, change: (record: OAuthRecord) => void): Promise<OAuthRecord> {
    const file = this.file(serverId);
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    return withFileLock(path.join(this.folder, `.${serverId}.lock`), async () => {
      this.cache.delete(serverId);
      const record = await this.read(serverId, serverUrl);
      change(record);
      const stored: StoredFile = { format: 1, box: this.box.kind, sealed: this.box.seal(JSON.stringify(record)) };
      await atomicWriteFile(file, JSON.stringify(stored) + '\n', 0o600);
      const key = await statKey(file);
      if (key) this.cache.set(serverId, { key, record: structuredClone(record) });
      return record;
    });
  }

  /** Sign out: drops the tokens, a pending step-up and the refusals counted; client credentials stay. True when there were tokens. */
  async forgetTokens(serverId: string): Promise<boolean> {
    let stored: OAuthRecord | undefined;
    try {
      stored = await this.readRaw(serverId);
    } catch (error) {
      // Unreadable here: signing out drops the whole file, which is all this process can do with it.
      if (!(error instanceof ForeignBoxError)) throw error;
      await this.forgetServer(serverId);
      return true;
    }
    if (!stored?.tokens) return false;
    await this.update(serverId, stored.serverUrl, (record) => {
      delete record.tokens;
      delete record.obtainedAt;
      delete record.stepUpScope;
      delete record.signedInAt;
      delete record.signInScope;
      delete record.scopeRefusals;
      delete record.refusedSignInAt;
    });
    return true;
  }

  /** For `server remove`: the whole record, client secret included. */
  async forgetServer(serverId: string): Promise<void> {
    this.cache.delete(serverId);
    await rm(this.file(serverId), { force: true });
  }

  /** What a person is told about where the secrets are and what protects them. */
  describeProtection(serverId: string): string {
    const file = this.file(serverId);
    return this.box.encrypted
      ? `the sign-in for '${serverId}' is stored encrypted with the system keychain in ${file}`
      : `the sign-in for '${serverId}' is stored in ${file}, readable only by you (mode 0600) but not encrypted; the Portcullis desktop app encrypts it with the system keychain instead`;
  }

  private async readRaw(serverId: string): Promise<OAuthRecord | undefined> {
    const file = this.file(serverId);
    // The gateway asks on every upstream request: re-read only when the file changed.
    const key = await statKey(file);
    if (!key) {
      this.cache.delete(serverId);
      return undefined;
    }
    const cached = this.cache.get(serverId);
    if (cached?.key === key) return cached.record;
    const record = this.decode(serverId, await readFile(file, 'utf8'));
    this.cache.set(serverId, { key, record });
    return record;
  }

  private decode(serverId: string, text: string): OAuthRecord {
    let stored: Partial<StoredFile>;
    try {
      stored = JSON.parse(text) as Partial<StoredFile>;
    } catch {
      throw new OAuthStoreError(`the sign-in file for '${serverId}' (${this.file(serverId)}) is not valid JSON; run 'portcullis server logout ${serverId}' and sign in again`);
    }
    if (typeof stored.sealed !== 'string' || typeof stored.box !== 'string') {
      throw new OAuthStoreError(`the sign-in file for '${serverId}' (${this.file(serverId)}) is not one Portcullis wrote`);
    }
    const box = stored.box === this.box.kind ? this.box : stored.box === PLAIN_BOX_KIND ? plainSecretBox() : undefined;
    if (!box) {
      throw new ForeignBoxError(
        `the sign-in for '${serverId}' was stored by the Portcullis desktop app, encrypted with the system keychain, and cannot be read here; sign in from the app, or drop it with 'portcullis server logout ${serverId}' and sign in here`,
      );
    }
    // Files the desktop app sealed before the box was shared with config.json carry no prefix.
    const sealed = box.encrypted && !isSealed(stored.sealed) ? SEALED_PREFIX + stored.sealed : stored.sealed;
    const record = JSON.parse(box.open(sealed)) as OAuthRecord;
    if (typeof record.serverUrl !== 'string') throw new OAuthStoreError(`the sign-in file for '${serverId}' has no server URL`);
    return record;
  }
}

/** Identifies one version of the file. Nanosecond times: an atomic rename can reuse the inode, and tokens keep their length. */
async function statKey(file: string): Promise<string | undefined> {
  const info = await stat(file, { bigint: true }).catch(() => undefined);
  return info && `${info.ino}:${info.mtimeNs}:${info.ctimeNs}:${info.size}`;
}
