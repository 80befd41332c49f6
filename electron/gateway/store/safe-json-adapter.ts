// A lowdb adapter with the data directory's guarantees: atomic writes, and a corrupt
// file never silently replaced: moved aside (and reported), or, with `refuseCorrupt`,
// left where it is and refused with a CorruptFileError (config.json: a hand edit gone
// wrong is for the person to fix, not a reason to start with no servers or grants).
import type { Adapter } from 'lowdb';
import { atomicWriteFile } from './atomic-write.js';
import { describeCorrupt, readJsonFile, readJsonFileOrRefuse } from './json-file.js';

export class SafeJsonAdapter<T> implements Adapter<T> {
  constructor(
    readonly file: string,
    private readonly onCorrupt: ((message: string) => void) | 'refuse' = () => undefined,
    private readonly mode = 0o600,
  ) {}

  async read(): Promise<T | null> {
    if (this.onCorrupt === 'refuse') return readJsonFileOrRefuse<T | null>(this.file, () => null);
    const result = await readJsonFile<T | null>(this.file, () => null);
    if (result.corrupt) this.onCorrupt(describeCorrupt(this.file, result.corrupt));
    return result.data;
  }

  async write(data: T): Promise<void> {
    await atomicWriteFile(this.file, JSON.stringify(data, null, 2) + '\n', this.mode);
  }
}
