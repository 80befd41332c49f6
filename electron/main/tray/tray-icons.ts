// The tray image for each state. macOS gets monochrome template images (the system tints
// them for light and dark menu bars; states differ by shape); Windows and Linux get the
// coloured ones. Both come in 16 px with an @2x (32 px) twin that Electron picks on HiDPI.
import path from 'node:path';
import { nativeImage, type NativeImage } from 'electron';
import type { TrayState } from './tray-state.js';

export function trayIconFile(dir: string, state: TrayState, platform: NodeJS.Platform): string {
  return path.join(dir, platform === 'darwin' ? `${state}Template.png` : `${state}.png`);
}

export function trayIcon(dir: string, state: TrayState, platform: NodeJS.Platform): NativeImage {
  const image = nativeImage.createFromPath(trayIconFile(dir, state, platform));
  if (platform === 'darwin') image.setTemplateImage(true);
  return image;
}
