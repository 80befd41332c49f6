// The counters' write-ahead journal: every admission that touched a limit is appended,
// before the call is forwarded, with one synchronous write on an open file descriptor.
// A write that has returned sits in the kernel's page cache, which outlives a killed
// process (kill -9); only a crash of the machine itself can lose it. counters.json stays
// the compact form, written behind once a second: each time it is, the journal moves on
// to a new generation, and journals the snapshot covers are deleted.
//
// Files: `counters.<generation>.journal`, lines of tab-separated fields:
//   k <id> <retainMs> <key>                      a counter key (its JSON text) gets a short id
//   a <time> <id> <amount> [<id> <amount>]...     one admission: what it added to each key
// Ids are per file. A line without its newline (torn by the kill) is ignored, so is any
// line that does not read; what was counted before it is kept.
import { closeSync, openSync, writeSync } from 'node:fs';
import { readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { CounterRequest } from './counter-store.js';
import type { CounterSnapshot } from './memory-counter-store.js';

const JOURNAL_NAME = /^counters\.(\d+)\.journal$/;

export function journalFile(dataDir: string, generation: number): string {
  return path.join(dataDir, `counters.${generation}.journal`);
}

/** Journal generations present in the data directory, oldest first. */
export async function journalGenerations(dataDir: string): Promise<number[]> {
  const names = await readdir(dataDir).catch(() => [] as string[]);
  const generations: number[] = [];
  for (const name of names) {
    const match = JOURNAL_NAME.exec(name);
    if (match) generations.push(Number(match[1]));
  }
  return generations.sort((a, b) => a - b);
}

/** Adds what a journal file admitted to `snapshot`; returns the number of lines that did not read. */
export async function replayJournal(file: string, snapshot: CounterSnapshot): Promise<number> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const keys = new Map<string, string>();
  const lines = text.split('\n');
  lines.pop(); // after the last newline: empty, or a line torn by the kill
  let unreadable = 0;
  for (const line of lines) {
    const fields = line.split('\t');
    if (fields[0] === 'k' && fields.length >= 4) {
      const retainMs = Number(fields[2]);
      const key = fields.slice(3).join('\t');
      if (!Number.isFinite(retainMs)) {
        unreadable++;
        continue;
      }
      keys.set(fields[1] as string, key);
      const known = snapshot[key];
      if (known) known.retainMs = retainMs;
      else snapshot[key] = { retainMs, entries: [] };
    } else if (fields[0] === 'a' && fields.length >= 4 && fields.length % 2 === 0) {
      const time = Number(fields[1]);
      let ok = Number.isFinite(time);
      for (let i = 2; ok && i < fields.length; i += 2) {
        const key = keys.get(fields[i] as string);
        const amount = Number(fields[i + 1]);
        if (key === undefined || !Number.isFinite(amount)) ok = false;
        else (snapshot[key] as CounterSnapshot[string]).entries.push([time, amount]);
      }
      if (!ok) unreadable++;
    } else {
      unreadable++;
    }
  }
  return unreadable;
}

/** Deletes the journals of generations up to and including `through`. */
export async function deleteJournals(dataDir: string, through: number): Promise<void> {
  for (const generation of await journalGenerations(dataDir)) {
    if (generation <= through) await unlink(journalFile(dataDir, generation)).catch(() => undefined);
  }
}

/** Appends admissions to the current generation's file; opened on the first admission. */
export class CounterJournal {
  private fd: number | undefined;
  /** Key → [id in this file, retainMs last written for it]. */
  private readonly ids = new Map<string, { id: string; retainMs: number }>();

  constructor(
    private readonly dataDir: string,
    /** The generation appended to; the snapshot covers everything before it once written. */
    public generation: number,
  ) {}

  /** One line (plus a line per key new to this file), one write. Throws when the write fails. */
  append(requests: readonly CounterRequest[], now: number): void {
    let defs = '';
    let line = `a\t${now}`;
    for (let i = 0; i < requests.length; i++) {
      const request = requests[i] as CounterRequest;
      if (countedBefore(requests, i)) continue; // counted once, as the memory store does
      const retainMs = Math.max(request.retainMs, request.windowMs);
      let known = this.ids.get(request.key);
      if (!known || known.retainMs !== retainMs) {
        known ??= { id: String(this.ids.size), retainMs };
        known.retainMs = retainMs;
        this.ids.set(request.key, known);
        defs += `k\t${known.id}\t${retainMs}\t${request.key}\n`;
      }
      line += `\t${known.id}\t${request.amount}`;
    }
    try {
      this.fd ??= openSync(journalFile(this.dataDir, this.generation), 'a', 0o600);
      writeSync(this.fd, defs === '' ? `${line}\n` : `${defs}${line}\n`);
    } catch (error) {
      // Start the file's key ids afresh: a later definition of an id replaces an earlier one.
      this.ids.clear();
      this.close();
      throw error;
    }
  }

  /** Closes this generation's file; later admissions go to the next one. Returns the generation closed. */
  rotate(): number {
    const closed = this.generation;
    this.close();
    this.ids.clear();
    this.generation++;
    return closed;
  }

  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try {
      closeSync(fd);
    } catch {
      // Nothing to do about a descriptor that will not close; what was written is written.
    }
  }
}

function countedBefore(requests: readonly CounterRequest[], i: number): boolean {
  const key = (requests[i] as CounterRequest).key;
  for (let j = 0; j < i; j++) if ((requests[j] as CounterRequest).key === key) return true;
  return false;
}
