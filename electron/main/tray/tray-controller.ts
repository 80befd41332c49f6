// The tray icon and its menu, kept in step with the core: rebuilt whenever approvals,
// server status, pause or settings change. Both ways go through the Api: what it changes
// (input checked, recorded as the tray's) and what it shows (read again on each event).
import { Menu, Tray, clipboard, type MenuItemConstructorOptions } from 'electron';
import type { ApiCallContext, ApiEventName, ApiInput, PortcullisClient } from '../../../shared/api.js';
import { callApi } from '../../gateway/api/call-api.js';
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
  'catalog-changed',
]);

const TRAY: ApiCallContext = { actor: 'tray' };

export interface TrayControllerOptions {
  api: PortcullisClient;
  iconDir: string;
  platform: NodeJS.Platform;
  openWindow(route?: WindowRoute): void;
  /** Opens the browser UI with a fresh login link. */
  openInBrowser?(): void;
  quit(): void;
  log(message: string): void;
}

export class TrayController {
  private tray?: Tray;
  private unsubscribe?: () => void;
  private shownState?: TrayState;
  private shown?: TraySnapshot;
  /** Reads run one after another, so an older answer never replaces a newer one. */
  private reading: Promise<void> = Promise.resolve();

  constructor(private readonly options: TrayControllerOptions) {}

  async start(): Promise<void> {
    this.unsubscribe = this.options.api.subscribe((event) => {
      if (REBUILD_ON.has(event)) void this.refresh();
    });
    const snapshot = await this.read();
    this.tray = new Tray(trayIcon(this.options.iconDir, trayStateOf(snapshot), this.options.platform));
    // Windows: a click on the icon opens the window (the menu is on right-click).
    if (this.options.platform === 'win32') this.tray.on('click', () => this.options.openWindow());
    this.show(snapshot);
  }

  /** What the tray shows, as last read through the Api. */
  snapshot(): TraySnapshot {
    if (!this.shown) throw new Error('the tray has not started');
    return this.shown;
  }

  /** Reads the state through the Api again and shows it. */
  refresh(): Promise<void> {
    this.reading = this.reading.catch(() => undefined).then(async () => this.show(await this.read()));
    return this.reading.catch((error: unknown) => this.options.log(`tray refresh: ${error instanceof Error ? error.message : String(error)}`));
  }

  private async read(): Promise<TraySnapshot> {
    const { api } = this.options;
    const [info, servers, approvals, settings] = await Promise.all([api.getInfo({}), api.listServers({}), api.listApprovals({}), api.getSettings({})]);
    // Tools whose definition changed (or that appeared) since review: the tray asks for attention.
    const catalogs = await Promise.all(servers.map((view) => api.listCatalog({ serverId: view.config.id }).catch(() => [])));
    const changedTools = catalogs.flatMap((entries) =>
      entries.flatMap((e) => (e.status === 'changed' || e.status === 'new' ? [{ serverId: e.serverId, tool: e.name }] : [])),
    );
    return { paused: info.paused, url: info.url, servers: servers.map((view) => view.status), approvals, startAtLogin: settings.startAtLogin, changedTools };
  }

  private show(snapshot: TraySnapshot): void {
    this.shown = snapshot;
    const tray = this.tray;
    if (!tray || tray.isDestroyed()) return;
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
      openInBrowser: () => this.options.openInBrowser?.(),
      setStartAtLogin: (enabled) => void callApi(api, 'updateSettings', { startAtLogin: enabled }, TRAY).catch(report('start at login')),
      copy: (text) => clipboard.writeText(text),
      quit: () => this.options.quit(),
    };
  }

  /** The request may have timed out or been answered elsewhere since the menu was built. */
  private decide(input: ApiInput<'decideApproval'>, report: (error: unknown) => void): void {
    callApi(this.options.api, 'decideApproval', input, TRAY).catch((error: unknown) => {
      report(error);
      void this.refresh();
    });
  }
}
