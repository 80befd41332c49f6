// Keeps the last lines an upstream wrote to stderr, for status pages and crash reports.

export class StderrTail {
  private lines: string[] = [];
  private partial = '';

  constructor(private readonly maxLines = 50, private readonly maxLineLength = 500) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = (parts.pop() ?? '').slice(-this.maxLineLength);
    for (const line of parts) {
      if (line.trim() === '') continue;
      this.lines.push(line.slice(0, this.maxLineLength));
    }
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }

  snapshot(): string[] {
    return this.partial.trim() ? [...this.lines, this.partial] : [...this.lines];
  }
}
