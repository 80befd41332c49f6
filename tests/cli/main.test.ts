// The command line, run as a user would: the real binary's stdout/stderr and exit codes.
// Each command's own behaviour is tested at its mirrored path (tests/cli/commands/*.test.ts).
import { rm } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { runCliBinary } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

// A smoke test of the real binary (bin/portcullis.js → dist/, a child process each);
// the commands' own tests run main(argv) in this process.
describe('the portcullis binary', () => {
  test('runs a command, prints its result on stdout, and exits non-zero with the error on stderr', async () => {
    const smokeDir = makeTempDir('portcullis-cli-smoke-');
    try {
      expect((await runCliBinary(['server', 'add', 'smoke', '--', 'node'], { dataDir: smokeDir })).code).toBe(0);
      const list = await runCliBinary(['server', 'list', '--json'], { dataDir: smokeDir });
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout).map((s: { id: string }) => s.id)).toEqual(['smoke']);
      const bad = await runCliBinary(['server', 'remove', 'ghost'], { dataDir: smokeDir });
      expect(bad.code).toBe(1);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(/^portcullis: no server named 'ghost'/);
    } finally {
      await rm(smokeDir, { recursive: true, force: true });
    }
  }, 60_000);
});
