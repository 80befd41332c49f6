// The one temporary-directory helper: a fresh directory under os.tmpdir() named by `prefix`,
// removed after each test (useTempDir) or after the file (useTempDirForFile). The hook is
// registered once per call, at collection time, so a test cannot forget to clean up.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** A directory created under os.tmpdir() now; the caller removes it (see removeTempDir). */
export function makeTempDir(prefix = 'portcullis-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeTempDir(dir: string | undefined): void {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}

/** A fresh directory for each test: `const tmp = useTempDir('x-'); … tmp.path`. */
export function useTempDir(prefix = 'portcullis-test-'): { readonly path: string } {
  let dir: string | undefined;
  beforeEach(() => {
    dir = makeTempDir(prefix);
  });
  afterEach(() => {
    removeTempDir(dir);
    dir = undefined;
  });
  return {
    get path(): string {
      if (dir === undefined) throw new Error('useTempDir: the directory exists only inside a test');
      return dir;
    },
  };
}

/** One directory for the whole file, created before its first test, removed after its last. */
export function useTempDirForFile(prefix = 'portcullis-test-'): { readonly path: string } {
  let dir: string | undefined;
  beforeAll(() => {
    dir = makeTempDir(prefix);
  });
  afterAll(() => {
    removeTempDir(dir);
    dir = undefined;
  });
  return {
    get path(): string {
      if (dir === undefined) throw new Error('useTempDirForFile: the directory exists only inside the file\'s hooks and tests');
      return dir;
    },
  };
}
