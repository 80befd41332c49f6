// Hooks for the Playwright e2e specs, installed only when PORTCULLIS_E2E=1 in an unpackaged
// run: a spec cannot click a native notification or a tray menu, so it reaches them here
// (through electronApp.evaluate, which runs in this process).
import type { MenuItemConstructorOptions } from 'electron';
import type { Notifier } from '../notifications/notifier.js';
import type { TrayController } from '../tray/tray-controller.js';

export interface E2eHooks {
  /** Titles of the notifications shown and still held. */
  notifications(): { title: string; body: string }[];
  /** Clicks the newest notification whose title contains `text`; false if none. */
  clickNotification(text: string): boolean;
  /** The tray menu's item ids and labels, flattened. */
  trayItems(): { id?: string; label?: string }[];
  /** Clicks the tray menu item with this id; false if there is none. */
  clickTrayItem(id: string): boolean;
}

declare global {
  var portcullisE2e: E2eHooks | undefined;
}

export function installE2eHooks(env: NodeJS.ProcessEnv, isPackaged: boolean, parts: { notifier: Notifier; tray: TrayController }): void {
  if (env.PORTCULLIS_E2E !== '1' || isPackaged) return;
  globalThis.portcullisE2e = {
    notifications: () => parts.notifier.shown().map((n) => ({ title: n.title, body: n.body })),
    clickNotification(text) {
      const match = parts.notifier.shown().filter((n) => n.title.includes(text)).at(-1);
      if (!match) return false;
      match.emit('click', {});
      return true;
    },
    trayItems: () => flatten(parts.tray.menuTemplate()).map(({ id, label }) => ({ id, label })),
    clickTrayItem(id) {
      const item = flatten(parts.tray.menuTemplate()).find((i) => i.id === id);
      if (!item?.click) return false;
      (item.click as () => void)();
      return true;
    },
  };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}
