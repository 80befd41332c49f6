// Splits a byte stream into newline-terminated lines without re-copying what it holds:
// chunks are kept as they came and joined once per line (the SDK's ReadBuffer concatenates
// on every chunk, which is quadratic for a 20 MB message arriving in 64 KB pieces).
export class LineBuffer {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly maxLineBytes: number) {}

  /** Complete lines found so far (without their newline); throws if a line grows past the limit. */
  feed(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      if (this.chunks.length === 0) {
        // The usual case: the whole line is in this chunk (a CRLF ending is taken too).
        const end = newline > start && chunk[newline - 1] === 0x0d ? newline - 1 : newline;
        lines.push(chunk.toString('utf8', start, end));
      } else {
        this.chunks.push(chunk.subarray(start, newline));
        lines.push(Buffer.concat(this.chunks).toString('utf8').replace(/\r$/, ''));
        this.chunks = [];
        this.size = 0;
      }
      start = newline + 1;
    }
    if (start < chunk.length) {
      this.chunks.push(chunk.subarray(start));
      this.size += chunk.length - start;
      if (this.size > this.maxLineBytes) {
        this.clear();
        throw new Error(`upstream message exceeds the limit of ${this.maxLineBytes} bytes`);
      }
    }
    return lines;
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
  }
}

/** A JSON-RPC message's minimal shape, checked without a schema library (the SDK's Protocol checks the rest). */
export function parseJsonRpcLine(line: string): unknown {
  const value: unknown = JSON.parse(line);
  if (typeof value !== 'object' || value === null || (value as { jsonrpc?: unknown }).jsonrpc !== '2.0') {
    throw new Error(`not a JSON-RPC 2.0 message: ${line.slice(0, 120)}`);
  }
  return value;
}
