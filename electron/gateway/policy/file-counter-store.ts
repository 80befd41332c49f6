// Counters that survive a restart and a crash: the in-memory store, with every admission
// journalled before the call is forwarded (counter-journal.ts: one synchronous append that
// outlives kill -9) and compacted behind into `counters.json` at most once per interval
// (1 s by default). Opening replays counters.json plus the journals it does not cover yet,
// so neither a clean shutdown nor a killed process loses a count. Calls under no limit
// write nothing. Snapshot writes are atomic (temp file + rename); a corrupt file is moved
// aside with a message, never silently replaced.
//
// A store writes only once it has admitted something itself, so a process that opens it
// for a dry run (the CLI's `policy test`) never touches the files of a running gateway.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { atomicWriteFile } from '../store/atomic-write.js';
import { describeCorrupt, readJsonFile } from '../store/json-file.js';
import type { ConsumeResult, CounterRequest, CounterStore } from './counter-store.js';
import { CounterJournal, deleteJournals, journalFile, journalGenerations, replayJournal } from './counter-journal.js';
import { MemoryCounterStore, type CounterSnapshot } from './memory-counter-store.js';

export const COUNTERS_FILE = 'counters.json';

interface CountersFile {
  version: 1;
  savedAt: string;
  /** The last journal generation whose admissions this snapshot includes. */
  journal: number;
  counters: CounterSnapshot;
}

export interface FileCounterStoreOptions {
  dataDir: string;
  /** How often the journal is compacted into counters.json. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Clock, for tests. */
  now?: () => number;
  /** A background write or a journal append failed (a snapshot is retried on the next tick). */
  onWriteError?: (error: unknown) => void;
}

export class FileCounterStore implements CounterStore {
  private readonly memory = new MemoryCounterStore();
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;
  private readonly journal: CounterJournal;
  private dirty = false;
  private writing: Promise<void> | undefined;
  private closed = false;
  private lastJournalError: string | undefined;
  /** Set when the files on disk could not be used as they are (moved aside, or entries skipped). */
  loadMessage: string | undefined;

  private constructor(
    readonly file: string,
    private readonly options: FileCounterStoreOptions,
    nextGeneration: number,
  ) {
    this.now = options.now ?? Date.now;
    this.journal = new CounterJournal(options.dataDir, nextGeneration);
    this.timer = setInterval(() => {
      if (this.dirty) this.write().catch((error: unknown) => options.onWriteError?.(error));
    }, options.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  static async open(options: FileCounterStoreOptions): Promise<FileCounterStore> {
    await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
    const file = path.join(options.dataDir, COUNTERS_FILE);
    const { data, corrupt } = await readJsonFile<unknown>(file, () => undefined);
    const messages: string[] = [];
    if (corrupt) messages.push(`Counters: ${describeCorrupt(file, corrupt)} Rate-limit budgets start afresh.`);
    const { snapshot, skipped, journal: covered } = readSnapshot(data);
    if (skipped > 0) messages.push(`Counters: skipped ${skipped} unreadable entr${skipped === 1 ? 'y' : 'ies'} in ${file}.`);
    let newest = covered;
    for (const generation of await journalGenerations(options.dataDir)) {
      newest = Math.max(newest, generation);
      if (generation <= covered) continue;
      const unreadable = await replayJournal(journalFile(options.dataDir, generation), snapshot);
      if (unreadable > 0) messages.push(`Counters: skipped ${unreadable} unreadable line${unreadable === 1 ? '' : 's'} in ${journalFile(options.dataDir, generation)}.`);
    }
    const store = new FileCounterStore(file, options, newest + 1);
    if (messages.length > 0) store.loadMessage = messages.join(' ');
    store.memory.restore(snapshot);
    store.memory.sweep(store.now());
    return store;
  }

  consume(requests: readonly CounterRequest[], now: number, options?: { dryRun?: boolean }): ConsumeResult {
    const result = this.memory.consume(requests, now, options);
    if (result.admitted && options?.dryRun !== true && requests.length > 0) {
      this.dirty = true;
      this.journalAdmission(requests, now);
    }
    return result;
  }

  /** The admission on disk before the call goes on; a failed append leaves it to the next snapshot. */
  private journalAdmission(requests: readonly CounterRequest[], now: number): void {
    try {
      this.journal.append(requests, now);
      this.lastJournalError = undefined;
    } catch (error) {
      const message = (error as Error).message;
      if (message !== this.lastJournalError) this.options.onWriteError?.(error); // once per distinct failure
      this.lastJournalError = message;
    }
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
    this.journal.close();
  }

  /** A snapshot of everything admitted so far; the journals it covers are then deleted. */
  private write(): Promise<void> {
    if (this.writing) return this.writing;
    this.dirty = false;
    // Admissions from here on go to the next journal, which the snapshot does not cover.
    const covered = this.journal.rotate();
    this.memory.sweep(this.now());
    const body: CountersFile = { version: 1, savedAt: new Date(this.now()).toISOString(), journal: covered, counters: this.memory.snapshot() };
    this.writing = atomicWriteFile(this.file, `${JSON.stringify(body)}\n`, 0o600)
      .then(() => deleteJournals(this.options.dataDir, covered))
      .catch((error: unknown) => {
        this.dirty = true; // try again on the next tick; the journals stay until a snapshot covers them
        throw error;
      })
      .finally(() => {
        this.writing = undefined;
      });
    return this.writing;
  }
}

function readSnapshot(data: unknown): { snapshot: CounterSnapshot; skipped: number; journal: number } {
  const snapshot: CounterSnapshot = {};
  let skipped = 0;
  if (data === undefined) return { snapshot, skipped, journal: -1 };
  const counters = isRecord(data) && isRecord(data.counters) ? data.counters : undefined;
  const journal = isRecord(data) && typeof data.journal === 'number' && Number.isInteger(data.journal) ? data.journal : -1;
  if (!counters) return { snapshot, skipped: 1, journal };
  for (const [key, value] of Object.entries(counters)) {
    const ok =
      isRecord(value) &&
      typeof value.retainMs === 'number' &&
      Array.isArray(value.entries) &&
      value.entries.every((e: unknown) => Array.isArray(e) && e.length === 2 && e.every((n: unknown) => typeof n === 'number' && Number.isFinite(n)));
    if (ok) snapshot[key] = { retainMs: value.retainMs as number, entries: value.entries as [number, number][] };
    else skipped++;
  }
  return { snapshot, skipped, journal };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
