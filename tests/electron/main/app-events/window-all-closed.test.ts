// Electron quits on Windows and Linux when the last window closes, unless someone listens:
// Portcullis listens, and does nothing, so the gateway stays up in the tray.
import { afterEach, expect, it, vi } from 'vitest';
import { stayInTrayWhenWindowsClose } from '../../../../electron/main/app-events/window-all-closed.js';
import { app } from '../../electron-mock.js';

afterEach(() => {
  app.removeAllListeners();
  vi.restoreAllMocks();
});

it('listens to window-all-closed, and closing every window neither quits nor exits', () => {
  const quit = vi.spyOn(app, 'quit');
  const exit = vi.spyOn(app, 'exit');
  expect(app.listenerCount('window-all-closed')).toBe(0);
  stayInTrayWhenWindowsClose(app as never);
  expect(app.listenerCount('window-all-closed')).toBe(1);
  app.emit('window-all-closed');
  expect(quit).not.toHaveBeenCalled();
  expect(exit).not.toHaveBeenCalled();
});
