import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { stopBeforeQuit } from '../../../../electron/main/app-events/before-quit.js';

/** Electron's quit: emits before-quit, quits unless prevented. */
class FakeApp extends EventEmitter {
  quitted = 0;
  quit(): void {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.quitted++;
  }
}

describe('quit stops the gateway first', () => {
  it('holds the quit until stop() has finished, then quits for real', async () => {
    const app = new FakeApp();
    let finish!: () => void;
    const stop = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    stopBeforeQuit(app as never, stop, () => undefined);
    app.quit();
    expect(stop).toHaveBeenCalledOnce();
    expect(app.quitted).toBe(0);
    app.quit(); // a second Quit while stopping waits for the same stop
    expect(stop).toHaveBeenCalledOnce();
    finish();
    await vi.waitFor(() => expect(app.quitted).toBe(1));
  });

  it('quits even if stopping fails, and says why', async () => {
    const app = new FakeApp();
    const log = vi.fn();
    stopBeforeQuit(app as never, async () => Promise.reject(new Error('disk full')), log);
    app.quit();
    await vi.waitFor(() => expect(app.quitted).toBe(1));
    expect(log).toHaveBeenCalledWith('stopping the gateway failed: disk full');
  });

  it('does not hang on a stop that never ends', async () => {
    const app = new FakeApp();
    const log = vi.fn();
    stopBeforeQuit(app as never, () => new Promise<void>(() => undefined), log, 20);
    app.quit();
    await vi.waitFor(() => expect(app.quitted).toBe(1));
    expect(log).toHaveBeenCalledWith(expect.stringContaining('did not stop within'));
  });
});
