// The approval history: every question that ended (answered, timed out, withdrawn) and the
// single-use approvals kept for an agent's retry, in the data directory so a reload or a
// restart loses none of it.
//
// An append-only JSONL file: each line is an entry's latest snapshot (a kept approval's use or
// revocation appends the entry again), folded by request id on load. A crash can tear only the
// last line, which is skipped with a warning; every other line still counts. The file is
// rewritten (atomically) once it holds twice as many lines as entries are kept.
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ApprovalHistoryEntry, KeptApproval } from '../../../shared/approvals.js';
import { atomicWriteFile } from '../store/atomic-write.js';

export const HISTORY_FILE = 'approval-history.jsonl';
/** Entries kept: the newest this many, none older than MAX_AGE_DAYS. */
export const MAX_ENTRIES = 1000;
export const MAX_AGE_DAYS = 30;

export interface ApprovalHistoryOptions {
  onWarning?: (message: string) => void;
  now?: () => number;
}

export class ApprovalHistory {
  /** Oldest first, one per request id. */
  private readonly entries = new Map<string, ApprovalHistoryEntry>();
  /** Kept approvals not yet used or revoked (some may have expired): an approve call looks only here. */
  private readonly waiting = new Map<string, ApprovalHistoryEntry>();
  private lines = 0;
  /** The file ends in a torn line (a crash mid-write): the next line starts on a line of its own. */
  private tornEnd = false;
  private writing: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  private constructor(
    /** undefined: kept in memory only (a core with no data directory to write to). */
    private readonly file: string | undefined,
    private readonly options: ApprovalHistoryOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  static inMemory(options: ApprovalHistoryOptions = {}): ApprovalHistory {
    return new ApprovalHistory(undefined, options);
  }

  static async open(dataDir: string, options: ApprovalHistoryOptions = {}): Promise<ApprovalHistory> {
    const history = new ApprovalHistory(path.join(dataDir, HISTORY_FILE), options);
    await history.load();
    return history;
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file!, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    this.tornEnd = text.length > 0 && !text.endsWith('\n');
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      this.lines++;
      const entry = parseEntry(line);
      if (!entry) {
        this.options.onWarning?.(`approval history: line ${i + 1} of ${this.file} is not a history entry; skipped (the other lines are kept)`);
        return;
      }
      this.remember(entry);
    });
    this.prune();
  }

  /** Newest first; a kept approval past its time reads `expired`. */
  list(limit = MAX_ENTRIES): ApprovalHistoryEntry[] {
    const out: ApprovalHistoryEntry[] = [];
    const all = [...this.entries.values()];
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) out.push(this.current(all[i]!));
    return out;
  }

  get(id: string): ApprovalHistoryEntry | undefined {
    const entry = this.entries.get(id);
    return entry && this.current(entry);
  }

  /** Kept approvals still waiting to be used (not expired). */
  waitingKept(): ApprovalHistoryEntry[] {
    const now = this.now();
    const out: ApprovalHistoryEntry[] = [];
    for (const [id, entry] of this.waiting) {
      if (Date.parse(entry.kept!.until) > now) out.push(entry);
      else this.waiting.delete(id); // expired: it reads so from list() and get()
    }
    return out;
  }

  /** Records an entry (new, or changed: its snapshot is appended again). */
  record(entry: ApprovalHistoryEntry): void {
    this.remember(entry);
    this.lines++;
    if (!this.file) return;
    const line = `${this.tornEnd ? '\n' : ''}${JSON.stringify(entry)}\n`;
    this.tornEnd = false;
    const compact = this.lines > 2 * MAX_ENTRIES;
    this.writing = this.writing
      .then(() => (compact ? this.rewrite() : appendFile(this.file!, line, { mode: 0o600 })))
      .catch((error: unknown) => this.options.onWarning?.(`approval history: could not write ${this.file}: ${(error as Error).message}`));
  }

  /** Marks a kept approval used, revoked or expired. */
  settleKept(id: string, change: Omit<KeptApproval, 'id' | 'until'>): ApprovalHistoryEntry | undefined {
    const entry = this.entries.get(id);
    if (!entry?.kept) return undefined;
    const next: ApprovalHistoryEntry = { ...entry, kept: { ...entry.kept, ...change } };
    this.record(next);
    return next;
  }

  /** Resolves once every write so far is on disk. */
  flush(): Promise<void> {
    return this.writing;
  }

  /** In memory: the newest snapshot sits in order of its last change. */
  private remember(entry: ApprovalHistoryEntry): void {
    this.entries.delete(entry.request.id);
    this.entries.set(entry.request.id, entry);
    if (entry.kept?.state === 'waiting') this.waiting.set(entry.request.id, entry);
    else this.waiting.delete(entry.request.id);
  }

  private current(entry: ApprovalHistoryEntry): ApprovalHistoryEntry {
    if (entry.kept?.state === 'waiting' && Date.parse(entry.kept.until) <= this.now()) return { ...entry, kept: { ...entry.kept, state: 'expired' } };
    return entry;
  }

  private prune(): void {
    const oldest = this.now() - MAX_AGE_DAYS * 86_400_000;
    for (const [id, entry] of this.entries) {
      if (this.entries.size > MAX_ENTRIES || Date.parse(entry.at) < oldest) {
        this.entries.delete(id);
        this.waiting.delete(id);
      } else break; // in order of last change: the rest are newer
    }
  }

  private async rewrite(): Promise<void> {
    this.prune();
    const text = [...this.entries.values()].map((e) => `${JSON.stringify(e)}\n`).join('');
    await atomicWriteFile(this.file!, text);
    this.lines = this.entries.size;
  }
}

function parseEntry(line: string): ApprovalHistoryEntry | undefined {
  try {
    const value = JSON.parse(line) as Partial<ApprovalHistoryEntry>;
    if (typeof value?.request?.id !== 'string' || typeof value.resolution?.outcome !== 'string' || typeof value.at !== 'string') return undefined;
    return value as ApprovalHistoryEntry;
  } catch {
    return undefined;
  }
}
