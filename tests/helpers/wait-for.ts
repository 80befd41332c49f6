// The one polling wait of the test suite: resolves once `predicate` holds, checking every
// `interval` ms; rejects after `timeout` ms naming `what`. The bound is generous on purpose:
// it only costs time when the test is already failing, and a loaded machine (2 cores, load
// average 20+) can take seconds to spawn a server. It never measures how long the wait took.

export interface WaitForOptions {
  /** Give up after this many ms (default 20 s: longer than any spawn on a loaded machine, shorter than the 30 s test timeout). */
  timeout?: number;
  /** Check again after this many ms (default 20). */
  interval?: number;
  /** What is waited for, for the error message. */
  what?: string;
}

export const WAIT_FOR_TIMEOUT_MS = 20_000;

export async function waitFor(predicate: () => boolean | Promise<boolean>, options: WaitForOptions = {}): Promise<void> {
  const { timeout = WAIT_FOR_TIMEOUT_MS, interval = 20, what = 'condition' } = options;
  const deadline = Date.now() + timeout;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
