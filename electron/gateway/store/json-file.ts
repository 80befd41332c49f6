// Reading JSON files that a person or a crash may have damaged.
// A file that does not parse is never silently replaced: it is renamed aside
// (`<name>.corrupt-<timestamp>`) and the caller is told, so nothing is lost.
import { readFile, rename } from 'node:fs/promises';

export interface JsonReadResult<T> {
  data: T;
  /** Set when the file was corrupt: where it was moved, and why. */
  corrupt?: { movedTo: string; error: string };
}

export async function readJsonFile<T>(file: string, fallback: () => T): Promise<JsonReadResult<T>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { data: fallback() };
    throw error;
  }
  if (text.trim() === '') return { data: fallback() };
  try {
    return { data: JSON.parse(text) as T };
  } catch (error) {
    const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, movedTo);
    return { data: fallback(), corrupt: { movedTo, error: (error as Error).message } };
  }
}

export function describeCorrupt(file: string, corrupt: { movedTo: string; error: string }): string {
  return `${file} was not valid JSON (${corrupt.error}); it was moved to ${corrupt.movedTo} and a fresh one started.`;
}

/** A file that does not parse, left where it is. `code` lets callers (the CLI, the Api) tell it apart. */
export class CorruptFileError extends Error {
  readonly code = 'corrupt-file';
  constructor(readonly file: string, reason: string) {
    super(`${file} is not valid JSON (${reason}): fix it, or move it aside to start afresh (what it holds is then forgotten)`);
  }
}

/** Like readJsonFile, but a file that does not parse is refused (CorruptFileError) and left untouched. */
export async function readJsonFileOrRefuse<T>(file: string, fallback: () => T): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback();
    throw error;
  }
  if (text.trim() === '') return fallback();
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new CorruptFileError(file, (error as Error).message);
  }
}
