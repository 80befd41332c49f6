// Closing the last window keeps Portcullis running in the tray: the gateway stays up.
import type { App } from 'electron';

export function stayInTrayWhenWindowsClose(app: Pick<App, 'on'>): void {
  // Listening at all replaces Electron's default (quit on Windows and Linux).
  app.on('window-all-closed', () => undefined);
}
