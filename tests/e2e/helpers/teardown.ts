// One teardown for a browser e2e suite, in the order that leaves nothing behind: MCP clients
// first (their sessions end), then calls still held, the browser, the headless host, and last
// the data directory. Every step runs even when an earlier one fails; the first failure is
// thrown afterwards so a broken shutdown still fails the suite.
import { rm } from 'node:fs/promises';

export interface E2eParts {
  clients?: ({ close(): Promise<void> } | undefined)[];
  /** Calls still in flight (held for approval): settled before the host stops. */
  pending?: Promise<unknown>[];
  browser?: { close(): Promise<void> };
  host?: { stop(): Promise<void> };
  dirs?: (string | undefined)[];
}

export async function tearDown(parts: E2eParts): Promise<void> {
  const failures: unknown[] = [];
  const step = async (run: () => Promise<unknown>): Promise<void> => {
    await run().catch((error: unknown) => void failures.push(error));
  };
  // A client already closed by its test, or never opened, is not a failure of the teardown.
  for (const client of parts.clients ?? []) await client?.close().catch(() => undefined);
  await Promise.allSettled(parts.pending ?? []);
  // Same for a browser that crashed mid-suite: the test that saw it has failed already.
  await parts.browser?.close().catch(() => undefined);
  if (parts.host) await step(() => parts.host!.stop());
  for (const dir of parts.dirs ?? []) if (dir) await step(() => rm(dir, { recursive: true, force: true }));
  if (failures.length > 0) throw failures[0];
}
