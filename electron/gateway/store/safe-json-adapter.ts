// A lowdb adapter with the data directory's guarantees: atomic writes, and a corrupt
// file moved aside (and reported) rather than silently replaced.
import type { Adapter } from 'lowdb';
import { atomicWriteFile } from './atomic-write.js';
import { describeCorrupt, readJsonFile } from './json-file.js';

export class SafeJsonAdapter<T> implements Adapter<T> {
  constructor(
    readonly file: string,
    private readonly onCorrupt: (message: string) => void = () => undefined,
    private readonly mode = 0o600,
  ) {}

  async read(): Promise<T | null> {
    const result = await readJsonFile<T | null>(this.file, () => null);
    if (result.corrupt) this.onCorrupt(describeCorrupt(this.file, result.corrupt));
    return result.data;
  }

  async write(data: T): Promise<void> {
    await atomicWriteFile(this.file, JSON.stringify(data, null, 2) + '\n', this.mode);
  }
}
