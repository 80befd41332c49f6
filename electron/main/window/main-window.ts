// The one app window, created on demand and destroyed when closed: Portcullis lives in the
// tray, so a closed window costs no memory and the gateway keeps running without it.
import { BrowserWindow, type App, type WebContents } from 'electron';
import { routeHash, type WindowRoute } from './window-route.js';
import { guardUnload } from './leave-prompt.js';

/** How long a quit waits for the window to close (a hung page must not keep the app alive). */
export const CLOSE_FOR_QUIT_TIMEOUT_MS = 10_000;

export interface MainWindowOptions {
  indexHtml: string;
  preload: string;
  icon?: string;
  devTools: boolean;
  /** macOS: the Dock icon shows only while the window is open. */
  dock?: App['dock'];
  log: (message: string) => void;
}

export class MainWindow {
  private window?: BrowserWindow;
  /** Told when a person answers "Stay" to the unsaved-changes dialog. */
  private readonly stayListeners = new Set<() => void>();

  constructor(private readonly options: MainWindowOptions) {}

  /** The open window, if any. */
  current(): BrowserWindow | undefined {
    return this.window && !this.window.isDestroyed() ? this.window : undefined;
  }

  /** The open window's web contents: the only sender trusted on IPC, the only receiver of events. */
  contents(): WebContents | undefined {
    const contents = this.current()?.webContents;
    return contents && !contents.isDestroyed() ? contents : undefined;
  }

  /** Shows the window (creating it if closed), on a given view if asked. */
  show(route?: WindowRoute): BrowserWindow {
    const existing = this.current();
    if (!existing) return this.create(route);
    if (route) this.load(existing, route);
    if (existing.isMinimized()) existing.restore();
    existing.show();
    existing.focus();
    return existing;
  }

  /** Closes the window without asking (the quit was already decided). */
  close(): void {
    this.current()?.destroy();
  }

  /**
   * Closes the window as a person would, before a quit: an unsaved policy draft asks Leave or
   * Stay first. Resolves true once no window is open, false if the person chose to stay.
   */
  closeForQuit(timeoutMs = CLOSE_FOR_QUIT_TIMEOUT_MS): Promise<boolean> {
    const window = this.current();
    if (!window) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const settle = (closed: boolean) => {
        clearTimeout(timer);
        window.off('closed', onClosed);
        this.stayListeners.delete(onStay);
        resolve(closed);
      };
      const onClosed = () => settle(true);
      const onStay = () => settle(false);
      const timer = setTimeout(() => {
        this.options.log(`the window did not close within ${timeoutMs / 1000} s; closing it without asking`);
        window.destroy();
        settle(true);
      }, timeoutMs);
      window.once('closed', onClosed);
      this.stayListeners.add(onStay);
      window.close();
    });
  }

  private create(route?: WindowRoute): BrowserWindow {
    // Electron 14 removed the remote module; the scanner assumes old defaults.
    const window = new BrowserWindow({ /* eng-disable REMOTE_MODULE_JS_CHECK */
      title: 'Portcullis',
      width: 1200,
      height: 800,
      minWidth: 880,
      minHeight: 560,
      show: false,
      autoHideMenuBar: true,
      backgroundColor: '#0f172a',
      ...(this.options.icon ? { icon: this.options.icon } : {}),
      // Written out here, where the window is made, so a scanner (Electronegativity) and a
      // reviewer see the sandbox in one place: isolated, sandboxed, no Node, no webviews.
      webPreferences: {
        // Reviewed: the preload exposes only `window.portcullis` (the Api) through contextBridge.
        preload: this.options.preload, /* eng-disable PRELOAD_JS_CHECK */
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        // A middle click must not open links in new windows (window.open is refused anyway).
        disableBlinkFeatures: 'Auxclick',
        devTools: this.options.devTools,
      },
    });
    this.window = window;
    guardUnload(window, () => {
      for (const listener of [...this.stayListeners]) listener();
    });
    window.once('ready-to-show', () => {
      window.show();
      window.focus();
    });
    window.on('closed', () => {
      if (this.window === window) this.window = undefined;
      this.options.dock?.hide();
    });
    void this.options.dock?.show();
    this.load(window, route);
    return window;
  }

  private load(window: BrowserWindow, route: WindowRoute | undefined): void {
    // Same page, new hash: an in-page navigation, so the renderer keeps its state.
    window.webContents
      .loadFile(this.options.indexHtml, route ? { hash: routeHash(route) } : {})
      .catch((error: unknown) => this.options.log(`could not load the window (${this.options.indexHtml}): ${error instanceof Error ? error.message : String(error)}`));
  }
}
