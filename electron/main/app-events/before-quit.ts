// Quitting stops the gateway cleanly first: held calls withdrawn, sessions and upstream
// processes closed, counters, catalog and call log flushed. Electron does not wait for
// promises, so the first quit is held back until the stop finishes, then quits for real.
// `askFirst` runs before anything stops (the window's unsaved-changes question): false keeps
// the app running as it was.
import type { App } from 'electron';

/** Long enough for upstreams to exit; a stuck one must not keep the app alive forever. */
export const STOP_TIMEOUT_MS = 15_000;

export function stopBeforeQuit(
  app: Pick<App, 'on' | 'quit'>,
  stop: () => Promise<void>,
  log: (message: string) => void,
  timeoutMs = STOP_TIMEOUT_MS,
  askFirst?: () => Promise<boolean>,
): void {
  let phase: 'running' | 'asking' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (event) => {
    if (phase === 'stopped') return;
    event.preventDefault();
    if (phase !== 'running') return;
    if (!askFirst) return stopThenQuit();
    phase = 'asking';
    void askFirst()
      .catch((error: unknown) => {
        log(`asking before quitting failed: ${error instanceof Error ? error.message : String(error)}`);
        return true;
      })
      .then((quit) => {
        if (quit) stopThenQuit();
        else phase = 'running';
      });
  });

  function stopThenQuit(): void {
    phase = 'stopping';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log(`the gateway did not stop within ${timeoutMs / 1000} s; quitting anyway`);
        resolve();
      }, timeoutMs);
    });
    void Promise.race([stop(), timeout])
      .catch((error: unknown) => log(`stopping the gateway failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        clearTimeout(timer);
        phase = 'stopped';
        app.quit();
      });
  }
}
