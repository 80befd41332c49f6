// The system programs the suite runs for real (Chromium, redis-server, HAProxy). A missing one
// fails the suites that need it, saying what to install: a silent skip would let `npm test`
// pass while testing less. PORTCULLIS_TEST_SKIP_MISSING=1 skips those suites on purpose instead
// (a laptop without them); the Electron binary, which cannot be installed here, is not one of these.

/** True when the program is there; false (skip) only when skipping was asked for; else throws. */
export function testBinaryPresent(present: boolean, missing: string): boolean {
  if (present) return true;
  if (process.env.PORTCULLIS_TEST_SKIP_MISSING === '1') return false;
  throw new Error(`${missing}. npm test runs it for real: install it (.ci/run shows how), or set PORTCULLIS_TEST_SKIP_MISSING=1 to skip the suites that need it.`);
}
