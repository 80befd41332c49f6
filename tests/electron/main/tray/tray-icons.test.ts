// macOS gets template images (tinted by the system), the others the coloured ones.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { trayIcon, trayIconFile } from '../../../../electron/main/tray/tray-icons.js';
import { TRAY_STATES } from '../../../../electron/main/tray/tray-state.js';
import type { NativeImageMock } from '../../electron-mock.js';

const DIR = path.resolve('build/tray');

it('names the template image on macOS and the coloured one elsewhere, each present in build/tray', () => {
  expect(trayIconFile('/icons', 'running', 'darwin')).toBe(path.join('/icons', 'runningTemplate.png'));
  expect(trayIconFile('/icons', 'running', 'linux')).toBe(path.join('/icons', 'running.png'));
  expect(trayIconFile('/icons', 'paused', 'win32')).toBe(path.join('/icons', 'paused.png'));
  for (const state of TRAY_STATES) for (const platform of ['darwin', 'linux'] as const) expect(existsSync(trayIconFile(DIR, state, platform))).toBe(true);
});

it('marks only the macOS image as a template', () => {
  const mac = trayIcon(DIR, 'running', 'darwin') as unknown as NativeImageMock;
  const linux = trayIcon(DIR, 'running', 'linux') as unknown as NativeImageMock;
  expect([mac.path, mac.isTemplateImage()]).toEqual([path.join(DIR, 'runningTemplate.png'), true]);
  expect([linux.path, linux.isTemplateImage()]).toEqual([path.join(DIR, 'running.png'), false]);
  expect(linux.isEmpty()).toBe(false);
});
