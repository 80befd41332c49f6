// Counters that survive a restart: the in-memory store, written behind to `counters.json`
// in the data directory. A call never waits for the disk: it marks the store dirty and a
// timer writes at most once per interval (1 s by default). flush() (on shutdown) writes
// whatever is pending, so a clean shutdown loses nothing; a crash loses at most one
// interval of counts. Writes are atomic (temp file + rename); a corrupt file is moved
// aside with a message, never silently replaced.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { atomicWriteFile } from '../store/atomic-write.js';
import { describeCorrupt, readJsonFile } from '../store/json-file.js';
import type { ConsumeResult, CounterRequest, CounterStore } from './counter-store.js';
import { MemoryCounterStore, type CounterSnapshot } from './memory-counter-store.js';

export const COUNTERS_FILE = 'counters.json';

interface CountersFile {
  version: 1;
  savedAt: string;
  counters: CounterSnapshot;
}

export interface FileCounterStoreOptions {
  dataDir: string;
  /** How often pending counts are written. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Clock, for tests. */
  now?: () => number;
  /** A background write failed (it is retried on the next tick). */
  onWriteError?: (error: unknown) => void;
}

export class FileCounterStore implements CounterStore {
  private readonly memory = new MemoryCounterStore();
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;
  private dirty = false;
  private writing: Promise<void> | undefined;
  private closed = false;
  /** Set when the file on disk could not be used as is (moved aside, or entries skipped). */
  loadMessage: string | undefined;

  private constructor(
    readonly file: string,
    options: FileCounterStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.memory.onChange = () => {
      this.dirty = true;
    };
    this.timer = setInterval(() => {
      if (this.dirty) this.write().catch((error: unknown) => options.onWriteError?.(error));
    }, options.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  static async open(options: FileCounterStoreOptions): Promise<FileCounterStore> {
    await mkdir(options.dataDir, { recursive: true });
    const store = new FileCounterStore(path.join(options.dataDir, COUNTERS_FILE), options);
    const { data, corrupt } = await readJsonFile<unknown>(store.file, () => undefined);
    if (corrupt) store.loadMessage = `Counters: ${describeCorrupt(store.file, corrupt)} Rate-limit budgets start afresh.`;
    const { snapshot, skipped } = readSnapshot(data);
    if (skipped > 0) store.loadMessage = `Counters: skipped ${skipped} unreadable entr${skipped === 1 ? 'y' : 'ies'} in ${store.file}.`;
    store.memory.restore(snapshot);
    store.memory.sweep(store.now());
    return store;
  }

  consume(requests: readonly CounterRequest[], now: number, options?: { dryRun?: boolean }): ConsumeResult {
    return this.memory.consume(requests, now, options);
  }

  /** Writes pending counts now and waits until they are on disk. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing.catch(() => undefined);
    if (this.dirty) await this.write();
  }

  /** Stops the timer and flushes. Call on shutdown. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.flush();
  }

  private write(): Promise<void> {
    if (this.writing) return this.writing;
    this.dirty = false;
    this.memory.sweep(this.now());
    const body: CountersFile = { version: 1, savedAt: new Date(this.now()).toISOString(), counters: this.memory.snapshot() };
    this.writing = atomicWriteFile(this.file, `${JSON.stringify(body)}\n`)
      .catch((error: unknown) => {
        this.dirty = true; // try again on the next tick
        throw error;
      })
      .finally(() => {
        this.writing = undefined;
      });
    return this.writing;
  }
}

function readSnapshot(data: unknown): { snapshot: CounterSnapshot; skipped: number } {
  const snapshot: CounterSnapshot = {};
  let skipped = 0;
  if (data === undefined) return { snapshot, skipped };
  const counters = isRecord(data) && isRecord(data.counters) ? data.counters : undefined;
  if (!counters) return { snapshot, skipped: 1 };
  for (const [key, value] of Object.entries(counters)) {
    const ok =
      isRecord(value) &&
      typeof value.retainMs === 'number' &&
      Array.isArray(value.entries) &&
      value.entries.every((e: unknown) => Array.isArray(e) && e.length === 2 && e.every((n: unknown) => typeof n === 'number' && Number.isFinite(n)));
    if (ok) snapshot[key] = { retainMs: value.retainMs as number, entries: value.entries as [number, number][] };
    else skipped++;
  }
  return { snapshot, skipped };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
