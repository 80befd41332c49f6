// Keeps the last lines an upstream wrote to stderr, for status pages and crash reports.
//
// Servers print their secrets there (a token in an auth error, a connection URL with its
// password), and the tail goes into client errors, the Servers view and `server list`. So
// each line is masked as it arrives (text-secrets.ts, synchronous: a crash report reads the
// tail at once), and secretlint looks over new lines afterwards, at most once a second,
// masking whatever the fixed set missed.
import { MASK, maskSecretsInText } from '../secrets/text-secrets.js';
import { findSecretRanges } from '../secrets/secretlint-scan.js';

export type SecretScan = (text: string) => Promise<Array<readonly [number, number]>>;

export interface StderrTailOptions {
  maxLines?: number;
  maxLineLength?: number;
  /** The second net; `false` turns it off. Default: secretlint's recommended rules. */
  scan?: SecretScan | false;
  /** Least time between two scans. Default 1 s. */
  scanIntervalMs?: number;
}

export class StderrTail {
  private lines: string[] = [];
  private partial = '';
  /** Sequence number of lines[0]; lines are numbered as they arrive. */
  private firstSeq = 0;
  /** Lines before this sequence number have been scanned (or scheduled). */
  private scannedTo = 0;
  private scanTimer?: NodeJS.Timeout;
  private readonly maxLines: number;
  private readonly maxLineLength: number;
  private readonly scan: SecretScan | false;
  private readonly scanIntervalMs: number;

  constructor(options: StderrTailOptions = {}) {
    this.maxLines = options.maxLines ?? 50;
    this.maxLineLength = options.maxLineLength ?? 500;
    this.scan = options.scan ?? findSecretRanges;
    this.scanIntervalMs = options.scanIntervalMs ?? 1000;
  }

  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = (parts.pop() ?? '').slice(-this.maxLineLength);
    for (const line of parts) {
      if (line.trim() === '') continue;
      this.lines.push(maskSecretsInText(line.slice(0, this.maxLineLength)));
    }
    const excess = this.lines.length - this.maxLines;
    if (excess > 0) {
      this.lines.splice(0, excess);
      this.firstSeq += excess;
    }
    this.scheduleScan();
  }

  snapshot(): string[] {
    return this.partial.trim() ? [...this.lines, maskSecretsInText(this.partial)] : [...this.lines];
  }

  private scheduleScan(): void {
    if (!this.scan || this.scanTimer) return;
    if (this.scannedTo >= this.firstSeq + this.lines.length) return;
    this.scanTimer = setTimeout(() => void this.scanNewLines(), this.scanIntervalMs);
    this.scanTimer.unref();
  }

  private async scanNewLines(): Promise<void> {
    const scan = this.scan;
    if (!scan) return;
    const from = Math.max(this.scannedTo, this.firstSeq);
    const batch = this.lines.slice(from - this.firstSeq);
    this.scannedTo = this.firstSeq + this.lines.length;
    try {
      const ranges = await scan(batch.join('\n'));
      this.maskRanges(from, batch, ranges);
    } catch {
      // The first net has masked every line already; a failing second one changes nothing.
    } finally {
      this.scanTimer = undefined;
      this.scheduleScan();
    }
  }

  /** Masks the ranges found in `batch` (lines from sequence number `from`), on the lines still kept. */
  private maskRanges(from: number, batch: readonly string[], ranges: ReadonlyArray<readonly [number, number]>): void {
    let offset = 0;
    batch.forEach((line, i) => {
      const start = offset;
      offset += line.length + 1;
      const index = from + i - this.firstSeq;
      if (index < 0 || this.lines[index] !== line) return; // dropped off the tail meanwhile
      const inLine = ranges
        .filter(([a, b]) => a < start + line.length && b > start)
        .map(([a, b]) => [Math.max(0, a - start), Math.min(line.length, b - start)] as const);
      if (inLine.length > 0) this.lines[index] = maskSpans(line, inLine);
    });
  }
}

/** `text` with each span (merged where they overlap) replaced by one mask. */
export function maskSpans(text: string, spans: ReadonlyArray<readonly [number, number]>): string {
  const sorted = [...spans].sort((x, y) => x[0] - y[0]);
  let out = '';
  let copied = 0;
  for (const [start, end] of sorted) {
    if (end <= copied) continue;
    out += start > copied ? text.slice(copied, start) + MASK : copied === 0 && start === 0 ? MASK : '';
    copied = end;
  }
  return out + text.slice(copied);
}
