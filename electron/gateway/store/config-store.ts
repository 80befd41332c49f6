// servers, grants and settings, in `config.json` (lowdb) in the data directory.
// Every change is a locked read-modify-write, so the CLI and a running gateway can
// both write; the gateway watches the file and picks up changes made elsewhere.
// Upstream secrets (env values, header values) are sealed by a SecretBox on the way to
// disk and opened on the way back: in memory the rest of the app sees plain values.
import path from 'node:path';
import { watch, type FSWatcher } from 'node:fs';
import { Low } from 'lowdb';
import { DEFAULT_SETTINGS, type GrantRecord, type ServerConfig, type Settings } from '../../../shared/config.js';
import { SafeJsonAdapter } from './safe-json-adapter.js';
import { withFileLock } from './file-lock.js';
import { CorruptFileError } from './json-file.js';
import { ensureDataDir } from './data-dir.js';
import { openUpstreamSecrets, plainSecretBox, sealUpstreamSecrets, SecretBoxError, type SecretBox } from './secret-box.js';

export const HEADLESS_SECRETS_WARNING = 'Headless: upstream env values and headers are stored in config.json, readable only by your user (0600), not encrypted.';

export interface ConfigData {
  version: 1;
  servers: ServerConfig[];
  grants: GrantRecord[];
  settings: Settings;
}

const emptyConfig = (): ConfigData => ({ version: 1, servers: [], grants: [], settings: structuredClone(DEFAULT_SETTINGS) });

export class ConfigStore {
  /** Messages about files that had to be moved aside; the caller shows them. */
  readonly warnings: string[] = [];
  private readonly db: Low<ConfigData>;
  private readonly lockPath: string;
  private watcher?: FSWatcher;
  /** Reloads and updates run one at a time, so a watcher's reload never overwrites a newer in-memory state. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly dataDir: string, readonly secrets: SecretBox) {
    // A corrupt config.json is refused (CorruptFileError): commands exit non-zero naming it, a
    // running gateway keeps its last good state, and nothing overwrites the person's file.
    this.db = new Low(new SafeJsonAdapter<ConfigData>(path.join(dataDir, 'config.json'), 'refuse'), emptyConfig());
    this.lockPath = path.join(dataDir, '.config.lock');
  }

  static async open(dataDir: string, options: { secrets?: SecretBox } = {}): Promise<ConfigStore> {
    await ensureDataDir(dataDir);
    const store = new ConfigStore(dataDir, options.secrets ?? plainSecretBox(HEADLESS_SECRETS_WARNING));
    await store.serially(() => store.readNow()); // a corrupt file stops here: CorruptFileError
    return store;
  }

  get data(): Readonly<ConfigData> {
    return this.db.data;
  }

  get settings(): Settings {
    return this.db.data.settings;
  }

  server(id: string): ServerConfig | undefined {
    return this.db.data.servers.find((s) => s.id === id);
  }

  /** Re-reads config.json; a corrupt one (a hand edit in progress) is reported and the last good state kept. */
  reload(): Promise<void> {
    return this.serially(async () => {
      try {
        await this.readNow();
      } catch (error) {
        if (!(error instanceof CorruptFileError)) throw error;
        if (!this.warnings.includes(error.message)) this.warnings.push(error.message);
      }
    });
  }

  private async readNow(): Promise<void> {
    await this.db.read();
    const data = normalise(this.db.data);
    data.servers = data.servers.map((server) => ({ ...server, upstream: this.openSecrets(server) }));
    this.db.data = data;
  }

  /** A value sealed by the desktop app cannot be opened headless: it stays sealed (and is written back as is). */
  private openSecrets(server: ServerConfig): ServerConfig['upstream'] {
    try {
      return openUpstreamSecrets(server.upstream, this.secrets);
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      const warning = `server '${server.id}': ${error.message}`;
      if (!this.warnings.includes(warning)) this.warnings.push(warning);
      return server.upstream;
    }
  }

  /** Locked read-modify-write. Whatever `change` throws aborts the write. */
  update<T>(change: (data: ConfigData) => T): Promise<T> {
    return this.serially(() =>
      withFileLock(this.lockPath, async () => {
        await this.readNow();
        const draft = structuredClone(this.db.data);
        const result = change(draft);
        this.db.data = { ...draft, servers: draft.servers.map((server) => ({ ...server, upstream: sealUpstreamSecrets(server.upstream, this.secrets) })) };
        try {
          await this.db.write();
        } finally {
          this.db.data = draft;
        }
        return result;
      }),
    );
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Calls `onChange` (debounced) when config.json changes on disk, from any process. */
  watch(onChange: () => void): void {
    let timer: NodeJS.Timeout | undefined;
    this.watcher = watch(this.dataDir, (_event, file) => {
      if (file !== 'config.json') return;
      clearTimeout(timer);
      timer = setTimeout(() => void this.reload().then(onChange, () => undefined), 50);
    });
  }

  close(): void {
    this.watcher?.close();
  }
}

/** Fills in whatever an older or hand-edited file lacks, so the rest of the code can trust the shape. */
function normalise(data: Partial<ConfigData> | null): ConfigData {
  const base = emptyConfig();
  return {
    version: 1,
    servers: Array.isArray(data?.servers) ? data.servers : base.servers,
    grants: Array.isArray(data?.grants) ? data.grants : base.grants,
    settings: { ...base.settings, ...(data?.settings ?? {}), notifications: { ...base.settings.notifications, ...(data?.settings?.notifications ?? {}) } },
  };
}
