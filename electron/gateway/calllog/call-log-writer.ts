// Appends call records to the daily JSONL files, off the call's critical path.
// `append()` only pushes to an in-memory buffer; a timer writes the buffer every
// flush interval with one appendFile per day file. Memory is bounded: past
// `flushAtRecords` a flush starts early, and past `maxBufferedRecords` (counting
// the batch being written) records are dropped and counted rather than kept.
// A process crash loses at most what was appended since the last flush.
import { appendFile, mkdir, open } from 'node:fs/promises';
import type { CallRecord } from '../../../shared/calls.js';
import { callLogPath, pruneCallLogs, utcDay } from './log-files.js';

export interface CallLogWriterOptions {
  /** The logs folder (see `callLogDir`). */
  dir: string;
  /** Default 500 ms. */
  flushIntervalMs?: number;
  /** Buffer size that starts a flush before the timer does. Default 5,000. */
  flushAtRecords?: number;
  /** Records held in memory (buffered plus being written) beyond which new ones are dropped. Default 20,000. */
  maxBufferedRecords?: number;
  /** Days of files to keep; 0 keeps all. Default 30. */
  retentionDays?: number;
  /** How often retention runs after the first run at start. Default one day. */
  retentionCheckMs?: number;
  now?: () => number;
  /** Told about dropped records, failed writes and failed retention runs. */
  onWarning?: (message: string) => void;
}

export interface CallLogWriterStatus {
  /** Appended and not yet on disk. */
  buffered: number;
  written: number;
  dropped: number;
  flushes: number;
  lastError?: string;
}

export class CallLogWriter {
  private buffer: CallRecord[] = [];
  private inFlight: CallRecord[] = [];
  private flushing: Promise<void> | undefined;
  /** The one pass queued behind a write under way (see flush). */
  private followUp: Promise<void> | undefined;
  private earlyFlushScheduled = false;
  /** Day files whose tail this process has checked for a torn last line. */
  private readonly checkedFiles = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;
  private retentionTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private written = 0;
  private dropped = 0;
  private droppedUnreported = 0;
  private flushes = 0;
  private lastError: string | undefined;
  private retentionDays: number;
  private readonly flushIntervalMs: number;
  private readonly flushAtRecords: number;
  private readonly maxBufferedRecords: number;
  private readonly now: () => number;

  constructor(private readonly options: CallLogWriterOptions) {
    this.flushIntervalMs = options.flushIntervalMs ?? 500;
    this.flushAtRecords = options.flushAtRecords ?? 5_000;
    this.maxBufferedRecords = Math.max(1, options.maxBufferedRecords ?? 20_000);
    this.retentionDays = options.retentionDays ?? 30;
    this.now = options.now ?? Date.now;
  }

  /** Creates the folder, applies retention once, and starts the timers. */
  async start(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    await this.prune();
    this.flushTimer = setInterval(() => this.tick(), this.flushIntervalMs);
    this.flushTimer.unref();
    this.retentionTimer = setInterval(() => void this.prune(), this.options.retentionCheckMs ?? 24 * 60 * 60 * 1000);
    this.retentionTimer.unref();
  }

  /** O(1) and never blocks. Returns false when the record was dropped (buffer full, or closed). */
  append(record: CallRecord): boolean {
    if (this.closed || this.buffer.length + this.inFlight.length >= this.maxBufferedRecords) {
      this.dropped++;
      this.droppedUnreported++;
      return false;
    }
    this.buffer.push(record);
    if (this.buffer.length >= this.flushAtRecords && !this.earlyFlushScheduled) {
      this.earlyFlushScheduled = true;
      setImmediate(() => {
        this.earlyFlushScheduled = false;
        void this.flush();
      });
    }
    return true;
  }

  /**
   * Resolves once everything appended before the call is written (or a write failed; see status).
   * A flush writes what is buffered when it starts, in one pass. Records appended during the
   * write wait for the next tick: writing them at once would, under a steady trickle of calls,
   * turn into one file write (three thread-pool round trips) per call.
   */
  flush(): Promise<void> {
    if (this.flushing) {
      // A write is under way: what was appended since goes in one more pass after it.
      this.followUp ??= this.flushing.then(() => {
        this.followUp = undefined;
        return this.flush();
      });
      return this.followUp;
    }
    if (this.buffer.length === 0) return Promise.resolve();
    this.flushing = this.writeBuffered().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Stops the timers and writes what is buffered. Later appends are dropped. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.flushTimer);
    clearInterval(this.retentionTimer);
    await this.flush();
    // A flush that started before close() may have left the newest records behind.
    if (this.buffer.length > 0) await this.flush();
    if (this.buffer.length > 0) {
      this.warn(`${this.buffer.length} call records could not be written at shutdown: ${this.lastError ?? 'unknown error'}`);
    }
    this.reportDrops();
  }

  /** Records not on disk yet (being written, then buffered), oldest first. */
  pending(): CallRecord[] {
    return [...this.inFlight, ...this.buffer];
  }

  status(): CallLogWriterStatus {
    const status: CallLogWriterStatus = {
      buffered: this.buffer.length + this.inFlight.length,
      written: this.written,
      dropped: this.dropped,
      flushes: this.flushes,
    };
    if (this.lastError !== undefined) status.lastError = this.lastError;
    return status;
  }

  /** Takes effect at the next retention run (at once if `pruneNow`). */
  setRetentionDays(days: number, pruneNow = true): void {
    this.retentionDays = days;
    if (pruneNow) void this.prune();
  }

  /** Deletes files past retention; returns their paths. Failures are warned, not thrown. */
  async prune(): Promise<string[]> {
    try {
      return await pruneCallLogs(this.options.dir, this.retentionDays, this.now());
    } catch (error) {
      this.warn(`Call-log retention failed: ${(error as Error).message}`);
      return [];
    }
  }

  private tick(): void {
    if (this.buffer.length > 0 && !this.flushing) void this.flush();
    this.reportDrops();
  }

  private reportDrops(): void {
    if (this.droppedUnreported === 0) return;
    this.warn(`The call log dropped ${this.droppedUnreported} records: writing to disk did not keep up (${this.dropped} dropped in all).`);
    this.droppedUnreported = 0;
  }

  private warn(message: string): void {
    this.options.onWarning?.(message);
  }

  private async writeBuffered(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    this.inFlight = batch;
    let unwritten: CallRecord[];
    try {
      unwritten = await this.writeBatch(batch);
    } finally {
      this.inFlight = [];
    }
    this.flushes++;
    if (unwritten.length > 0) {
      // Keep the failed records for the next tick, within the memory bound.
      const room = Math.max(0, this.maxBufferedRecords - this.buffer.length);
      const kept = unwritten.slice(0, room);
      this.dropped += unwritten.length - kept.length;
      this.droppedUnreported += unwritten.length - kept.length;
      this.buffer = [...kept, ...this.buffer];
    }
  }

  /** Writes a batch day by day; returns the records that could not be written. */
  private async writeBatch(batch: CallRecord[]): Promise<CallRecord[]> {
    const byDay = new Map<string, CallRecord[]>();
    for (const record of batch) {
      const day = utcDay(record.time);
      let group = byDay.get(day);
      if (!group) byDay.set(day, (group = []));
      group.push(record);
    }
    const failed: CallRecord[] = [];
    for (const [day, records] of byDay) {
      if (failed.length > 0) {
        failed.push(...records);
        continue;
      }
      const file = callLogPath(this.options.dir, day);
      try {
        const text = records.map((record) => JSON.stringify(record)).join('\n') + '\n';
        const lead = (await this.endsMidLine(file)) ? '\n' : '';
        await this.appendCreatingDir(file, lead + text);
        this.written += records.length;
        this.lastError = undefined;
      } catch (error) {
        const message = (error as Error).message;
        // Warn once per distinct failure, not on every retry tick.
        if (message !== this.lastError) this.warn(`Could not write the call log ${file}: ${message}`);
        this.lastError = message;
        this.checkedFiles.delete(file); // the failed write may have left half a line
        failed.push(...records);
      }
    }
    return failed;
  }

  /** The logs folder may have been deleted by hand while running: make it again. */
  private async appendCreatingDir(file: string, text: string): Promise<void> {
    try {
      await appendFile(file, text, { encoding: 'utf8', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
      await appendFile(file, text, { encoding: 'utf8', mode: 0o600 });
    }
  }

  /**
   * True when the file ends without a newline: a crash tore its last line.
   * Appending straight after it would glue our first record onto the torn one.
   */
  private async endsMidLine(file: string): Promise<boolean> {
    if (this.checkedFiles.has(file)) return false;
    let torn = false;
    try {
      const handle = await open(file, 'r');
      try {
        const { size } = await handle.stat();
        if (size > 0) {
          const last = Buffer.alloc(1);
          await handle.read(last, 0, 1, size - 1);
          torn = last[0] !== 0x0a;
        }
      } finally {
        await handle.close();
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.checkedFiles.add(file);
    return torn;
  }
}
