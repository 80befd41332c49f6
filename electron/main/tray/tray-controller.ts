// The tray icon and its menu, kept in step with the core: rebuilt whenever approvals,
// server status, pause or settings change. What it changes goes through the Api's door
// (input checked, recorded as the tray's); what it shows is read from the core as it is.
import { Menu, Tray, clipboard, type MenuItemConstructorOptions } from 'electron';
import type { ApiCallContext, ApiEventName, ApiInput, PortcullisClient } from '../../../shared/api.js';
import { callApi } from '../../gateway/api/call-api.js';
import type { Portcullis } from '../../gateway/portcullis.js';
import type { WindowRoute } from '../window/window-route.js';
import { buildTrayMenu, type TrayActions } from './tray-menu.js';
import { statusLine, trayStateOf, type TraySnapshot, type TrayState } from './tray-state.js';
import { trayIcon } from './tray-icons.js';

const REBUILD_ON: ReadonlySet<ApiEventName> = new Set([
  'approval-requested',
  'approval-resolved',
  'server-status',
  'servers-changed',
  'paused-changed',
  'settings-changed',
]);

const TRAY: ApiCallContext = { actor: 'tray' };

export interface TrayControllerOptions {
  core: Portcullis;
  api: PortcullisClient;
  iconDir: string;
  platform: NodeJS.Platform;
  openWindow(route?: WindowRoute): void;
  quit(): void;
  log(message: string): void;
}

export class TrayController {
  private tray?: Tray;
  private unsubscribe?: () => void;
  private shownState?: TrayState;

  constructor(private readonly options: TrayControllerOptions) {}

  start(): void {
    const snapshot = this.snapshot();
    this.tray = new Tray(trayIcon(this.options.iconDir, trayStateOf(snapshot), this.options.platform));
    // Windows: a click on the icon opens the window (the menu is on right-click).
    if (this.options.platform === 'win32') this.tray.on('click', () => this.options.openWindow());
    this.unsubscribe = this.options.api.subscribe((event) => {
      if (REBUILD_ON.has(event)) this.refresh();
    });
    this.refresh();
  }

  snapshot(): TraySnapshot {
    const { core } = this.options;
    return {
      paused: core.paused,
      url: core.gateway.url,
      servers: core.gateway.statuses(),
      approvals: core.approvals.list(),
      startAtLogin: core.gateway.config.settings.startAtLogin,
    };
  }

  refresh(): void {
    const tray = this.tray;
    if (!tray || tray.isDestroyed()) return;
    const snapshot = this.snapshot();
    const state = trayStateOf(snapshot);
    if (state !== this.shownState) {
      tray.setImage(trayIcon(this.options.iconDir, state, this.options.platform));
      this.shownState = state;
    }
    tray.setToolTip(`Portcullis — ${statusLine(snapshot)}`);
    // Linux (AppIndicator) only picks up a changed menu when it is set again.
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenu(snapshot, this.actions())));
  }

  /** The menu as it would be built now (the e2e hooks read and click it). */
  menuTemplate(): MenuItemConstructorOptions[] {
    return buildTrayMenu(this.snapshot(), this.actions());
  }

  dispose(): void {
    this.unsubscribe?.();
    this.tray?.destroy();
    this.tray = undefined;
  }

  private actions(): TrayActions {
    const { api, log } = this.options;
    const report = (what: string) => (error: unknown) => log(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    return {
      approve: (id, scope) => this.decide({ id, decision: { action: 'approve', scope } }, report('approve from the tray')),
      deny: (id) => this.decide({ id, decision: { action: 'deny', reason: 'Denied from the Portcullis tray menu' } }, report('deny from the tray')),
      setPaused: (paused) => void callApi(api, 'setPaused', { paused }, TRAY).catch(report('pause from the tray')),
      open: (route) => this.options.openWindow(route),
      setStartAtLogin: (enabled) => void callApi(api, 'updateSettings', { startAtLogin: enabled }, TRAY).catch(report('start at login')),
      copy: (text) => clipboard.writeText(text),
      quit: () => this.options.quit(),
    };
  }

  /** The request may have timed out or been answered elsewhere since the menu was built. */
  private decide(input: ApiInput<'decideApproval'>, report: (error: unknown) => void): void {
    callApi(this.options.api, 'decideApproval', input, TRAY).catch((error: unknown) => {
      report(error);
      this.refresh();
    });
  }
}
