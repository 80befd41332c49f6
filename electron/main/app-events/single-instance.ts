// One Portcullis per data directory: a second launch hands over to the first (which
// shows its window) and quits. The lock lives in userData, so set paths first.
import type { App } from 'electron';

export function claimSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'on'>, onSecondLaunch: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => onSecondLaunch());
  return true;
}
