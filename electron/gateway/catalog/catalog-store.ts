// Keeps the catalog state in memory and in catalog.json. Changes apply in memory at once
// (sync runs on the gateway's hot path) and reach the disk in a debounced, atomic,
// locked write. Another process (`portcullis catalog review` while `serve` runs) may
// have written in between, so a save re-reads the file and replays this process's
// pending operations onto it: both processes' changes survive.
import path from 'node:path';
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { atomicWriteFile } from '../store/atomic-write.js';
import { describeCorrupt, readJsonFile } from '../store/json-file.js';
import { withFileLock } from '../store/file-lock.js';
import { CATALOG_FILE, fromFileData, toFileData } from './catalog-file.js';
import type { CatalogState } from './catalog-state.js';

/** A change to the state, kept until saved so it can be replayed onto a newer file. Must be repeatable. */
export type CatalogOperation = (state: CatalogState) => void;

export interface CatalogStoreOptions {
  /** How long changes gather before a write. Default 200 ms. */
  saveDelayMs?: number;
  /** Files moved aside, failed writes: the caller shows them. */
  onWarning?: (message: string) => void;
}

const RETRY_MAX_MS = 30_000;

export class CatalogStore {
  private pending: CatalogOperation[] = [];
  private timer?: NodeJS.Timeout;
  private io: Promise<unknown> = Promise.resolve();
  private watcher?: FSWatcher;
  private failures = 0;
  /** mtime and size of our own last write, so the watcher can ignore it. */
  private ownWrite = '';
  readonly file: string;
  private readonly lockPath: string;

  private constructor(
    readonly dataDir: string,
    public state: CatalogState,
    private readonly options: CatalogStoreOptions,
  ) {
    this.file = path.join(dataDir, CATALOG_FILE);
    this.lockPath = path.join(dataDir, '.catalog.lock');
  }

  static async open(dataDir: string, options: CatalogStoreOptions = {}): Promise<CatalogStore> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const store = new CatalogStore(dataDir, new Map(), options);
    store.state = (await store.readDisk()) ?? new Map();
    return store;
  }

  /** Applies `operation` now and schedules the write. */
  apply(operation: CatalogOperation): void {
    operation(this.state);
    this.pending.push(operation);
    this.schedule(this.options.saveDelayMs ?? 200);
  }

  /** Writes whatever is pending, now. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.serial(() => this.save());
  }

  /** Re-reads the file (another process changed it) and keeps this process's unsaved changes on top. */
  async reload(): Promise<{ before: CatalogState; after: CatalogState }> {
    return this.serial(async () => {
      const before = this.state;
      const disk = await this.readDisk();
      if (disk) {
        replay(this.pending, disk);
        this.state = disk;
      }
      return { before, after: this.state };
    });
  }

  /** Calls `onReload` after another process changed catalog.json. */
  watch(onReload: (result: { before: CatalogState; after: CatalogState }) => void): void {
    let debounce: NodeJS.Timeout | undefined;
    this.watcher = watch(this.dataDir, (_event, name) => {
      if (name !== CATALOG_FILE) return;
      clearTimeout(debounce);
      debounce = setTimeout(() => {
        void this.fileSignature().then(async (signature) => {
          if (signature === '' || signature === this.ownWrite) return;
          onReload(await this.reload());
        }).catch((error: unknown) => this.warn(`could not reload ${this.file}: ${(error as Error).message}`));
      }, 50);
    });
  }

  async close(): Promise<void> {
    this.watcher?.close();
    this.watcher = undefined;
    await this.flush();
  }

  private schedule(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.serial(() => this.save());
    }, delayMs);
    this.timer.unref();
  }

  /** Saves and reloads never overlap. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.io.then(work, work);
    this.io = run.catch(() => undefined);
    return run;
  }

  private async save(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending.splice(0);
    // What memory holds now is exactly the saved file plus `batch`: the fallback base.
    const snapshot = JSON.stringify(toFileData(this.state));
    try {
      await withFileLock(this.lockPath, async () => {
        const disk = await this.readDisk();
        let base: CatalogState;
        if (disk) {
          base = disk;
          replay(batch, base);
        } else {
          base = fromFileData(JSON.parse(snapshot));
        }
        await atomicWriteFile(this.file, JSON.stringify(toFileData(base), null, 1) + '\n', 0o600);
        this.ownWrite = await this.fileSignature();
        // Operations that arrived during the write are in memory but not in `base` yet.
        replay(this.pending, base);
        this.state = base;
      });
      this.failures = 0;
    } catch (error) {
      this.pending.unshift(...batch);
      this.failures++;
      this.warn(`could not save ${this.file}: ${(error as Error).message}; retrying`);
      this.schedule(Math.min(RETRY_MAX_MS, 500 * 2 ** this.failures));
    }
  }

  /** The file's state, or undefined when it is missing or was corrupt (then moved aside, with a warning). */
  private async readDisk(): Promise<CatalogState | undefined> {
    const result = await readJsonFile<unknown>(this.file, () => undefined);
    if (result.corrupt) this.warn(describeCorrupt(this.file, result.corrupt));
    return result.data === undefined ? undefined : fromFileData(result.data);
  }

  private async fileSignature(): Promise<string> {
    return stat(this.file).then((s) => `${s.mtimeMs}:${s.size}`, () => '');
  }

  private warn(message: string): void {
    this.options.onWarning?.(message);
  }
}

/** Replays operations; one that no longer fits the state (its tool is gone) is skipped. */
function replay(operations: CatalogOperation[], state: CatalogState): void {
  for (const operation of operations) {
    try {
      operation(state);
    } catch {
      // The other process removed what this operation was about; nothing to apply.
    }
  }
}
