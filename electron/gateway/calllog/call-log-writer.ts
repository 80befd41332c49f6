// Appends call records to the daily JSONL files, durably and off the answer's path.
// `append()` only pushes to an in-memory buffer; before the event loop turns again
// (process.nextTick, which runs after the turn's promise callbacks) everything appended
// in the turn goes out in one synchronous write on the day file's open descriptor. An
// answer does not wait for the turn's end: the HTTP front calls `writePending()` just
// before it writes an answer, so a refused call (recorded before its answer) is never
// missing from the log of a killed gateway (kill -9 may land mid-turn): a write that has
// returned is in the kernel's page cache, which outlives the process. A forwarded call is
// recorded just after its answer goes out, with the answer's size (session/gated-call.ts),
// so kill -9 in that instant can still lose it. What this keeps from batching: no open or
// close per write, no thread-pool round trip (and its futex wake-ups) per call, and one
// write for the records appended between two answers.
//
// A write that fails (disk full, the file replaced by a folder) keeps its records, and
// the timer retries every flush interval. Memory is bounded: past `maxBufferedRecords`
// new records are dropped and counted rather than kept.
import { closeSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { CallRecord } from '../../../shared/calls.js';
import { callLogPath, pruneCallLogs, utcDay } from './log-files.js';

export interface CallLogWriterOptions {
  /** The logs folder (see `callLogDir`). */
  dir: string;
  /** How often a failed write is retried. Default 500 ms. */
  flushIntervalMs?: number;
  /** Records held in memory (not yet written) beyond which new ones are dropped. Default 20,000. */
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
  /** Writes made (each carries every record appended in one event-loop turn). */
  flushes: number;
  lastError?: string;
}

/** The day file being appended to. */
interface OpenDayFile {
  day: string;
  fd: number;
  /** Written to it since the last check that it is still there (see tick). */
  sinceCheck: CallRecord[];
}

export class CallLogWriter {
  private buffer: CallRecord[] = [];
  private writeScheduled = false;
  private file: OpenDayFile | undefined;
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
  private readonly maxBufferedRecords: number;
  private readonly now: () => number;
  private readonly writeTurn = () => {
    this.writeScheduled = false;
    this.writeBuffered();
  };

  constructor(private readonly options: CallLogWriterOptions) {
    this.flushIntervalMs = options.flushIntervalMs ?? 500;
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

  /** O(1) and never blocks; the record is on disk before the event loop turns. Returns false when it was dropped (buffer full, or closed). */
  append(record: CallRecord): boolean {
    if (this.closed || this.buffer.length >= this.maxBufferedRecords) {
      this.dropped++;
      this.droppedUnreported++;
      return false;
    }
    this.buffer.push(record);
    if (!this.writeScheduled) {
      this.writeScheduled = true;
      process.nextTick(this.writeTurn);
    }
    return true;
  }

  /**
   * Writes what is buffered, synchronously, if anything is: the HTTP front calls this just
   * before an answer goes out, so a record made before its answer is in the kernel before
   * the client can hold that answer (kill -9 may land between any two instructions of a turn).
   */
  writePending(): void {
    if (this.buffer.length > 0) this.writeBuffered();
  }

  /** Writes what is buffered now. Resolves once it is written (or the write failed; see status). */
  flush(): Promise<void> {
    this.writeBuffered();
    return Promise.resolve();
  }

  /** Stops the timers, writes what is buffered and closes the file. Later appends are dropped. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.flushTimer);
    clearInterval(this.retentionTimer);
    this.recoverDeletedFile();
    this.writeBuffered();
    if (this.buffer.length > 0) {
      this.warn(`${this.buffer.length} call records could not be written at shutdown: ${this.lastError ?? 'unknown error'}`);
    }
    this.closeFile();
    this.reportDrops();
  }

  /** Records not on disk yet, oldest first. */
  pending(): CallRecord[] {
    return [...this.buffer];
  }

  status(): CallLogWriterStatus {
    const status: CallLogWriterStatus = { buffered: this.buffer.length, written: this.written, dropped: this.dropped, flushes: this.flushes };
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
    this.recoverDeletedFile();
    if (this.buffer.length > 0) this.writeBuffered(); // a failed write, retried
    this.reportDrops();
  }

  /**
   * The day file deleted while open (the logs folder removed by hand) would swallow every
   * record unseen. Checked once per interval, not per write (an fstat costs as much as the
   * write): what went into the deleted file since the last check is written again.
   */
  private recoverDeletedFile(): void {
    const open = this.file;
    if (!open) return;
    let deleted: boolean;
    try {
      deleted = fstatSync(open.fd).nlink === 0;
    } catch {
      deleted = true;
    }
    if (!deleted) {
      open.sinceCheck = [];
      return;
    }
    this.closeFile();
    this.written -= open.sinceCheck.length;
    this.buffer = [...open.sinceCheck, ...this.buffer];
  }

  private reportDrops(): void {
    if (this.droppedUnreported === 0) return;
    this.warn(`The call log dropped ${this.droppedUnreported} records: writing to disk did not keep up (${this.dropped} dropped in all).`);
    this.droppedUnreported = 0;
  }

  private warn(message: string): void {
    this.options.onWarning?.(message);
  }

  /** Writes the buffer, one write per day it spans (one, but around midnight); what fails stays buffered. */
  private writeBuffered(): void {
    const batch = this.buffer;
    let done = 0;
    while (done < batch.length) {
      const day = utcDay((batch[done] as CallRecord).time);
      let end = done + 1;
      while (end < batch.length && utcDay((batch[end] as CallRecord).time) === day) end++;
      let text = '';
      for (let i = done; i < end; i++) text += `${JSON.stringify(batch[i])}\n`;
      if (!this.writeDay(day, done === 0 && end === batch.length ? batch : batch.slice(done, end), text)) break;
      this.written += end - done;
      done = end;
    }
    if (done === 0) return;
    this.buffer = done === batch.length ? [] : batch.slice(done);
  }

  private writeDay(day: string, records: readonly CallRecord[], text: string): boolean {
    const file = callLogPath(this.options.dir, day);
    try {
      const open = this.dayFile(day);
      writeSync(open.fd, text);
      for (const record of records) open.sinceCheck.push(record);
      this.flushes++;
      this.lastError = undefined;
      return true;
    } catch (error) {
      const message = (error as Error).message;
      // Warn once per distinct failure, not on every retry tick.
      if (message !== this.lastError) this.warn(`Could not write the call log ${file}: ${message}`);
      this.lastError = message;
      this.closeFile(); // the failed write may have left half a line: the next open checks the tail again
      return false;
    }
  }

  /** The day's file, opened (and its tail checked) when the day changes or after a failure. */
  private dayFile(day: string): OpenDayFile {
    const open = this.file;
    if (open?.day === day) return open;
    this.closeFile();
    const file = callLogPath(this.options.dir, day);
    let fd: number;
    try {
      fd = openSync(file, 'a+', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(this.options.dir, { recursive: true, mode: 0o700 });
      fd = openSync(file, 'a+', 0o600);
    }
    this.file = { day, fd, sinceCheck: [] };
    // A crash tore the file's last line: appending straight after it would glue our first record onto it.
    if (endsMidLine(fd)) writeSync(fd, '\n');
    return this.file;
  }

  private closeFile(): void {
    if (!this.file) return;
    const { fd } = this.file;
    this.file = undefined;
    try {
      closeSync(fd);
    } catch {
      // Nothing more to do with it.
    }
  }
}

function endsMidLine(fd: number): boolean {
  const { size } = fstatSync(fd);
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}
