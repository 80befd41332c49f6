// macOS: clicking the Dock icon (or reopening the app from Finder) shows the window.
import type { App } from 'electron';

export function showWindowOnActivate(app: Pick<App, 'on'>, showWindow: () => void): void {
  app.on('activate', () => showWindow());
}
