// A stand-in for the `electron` module, for main-process and preload code run in Node.
// Class mocks with real behaviour where tests lean on it: ipcMain is an EventEmitter-like
// router with `handle`, ipcRenderer invokes those handlers as the main window would,
// webContents.send reaches ipcRenderer listeners, BrowserWindow/Tray/Notification record
// their instances. Registered for tests/electron/** by tests/electron/setup.ts; the bundle
// smoke test hands the same object to Node's own `require`.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { vi } from 'vitest';

type Listener = (...args: any[]) => void;

let nextContentsId = 1;

export class WebFrameMainMock {
  url = '';
  parent: WebFrameMainMock | null = null;
  constructor(readonly processId = 1, readonly routingId = 1) {}
}

export class WebContentsMock extends EventEmitter {
  readonly id = nextContentsId++;
  readonly mainFrame = new WebFrameMainMock();
  readonly session = sessionMock();
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler?: (details: { url: string }) => { action: string };
  /** Stands for the page's beforeunload refusing to unload (an unsaved draft). */
  refusesUnload = false;
  private destroyed = false;

  async loadFile(file: string, options: { hash?: string } = {}): Promise<void> {
    this.mainFrame.url = pathToFileURL(file).href + (options.hash ? `#${options.hash}` : '');
    this.emit('did-finish-load');
  }

  getURL(): string {
    return this.mainFrame.url;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
    ipcRenderer.emit(channel, { sender: ipcRenderer }, ...args);
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.destroyed = true;
  }
}

export class BrowserWindowMock extends EventEmitter {
  static instances: BrowserWindowMock[] = [];
  readonly webContents = new WebContentsMock();
  visible = false;
  focused = false;
  minimized = false;
  private destroyed = false;

  constructor(readonly options: Record<string, any> = {}) {
    super();
    BrowserWindowMock.instances.push(this);
    // Electron shows a window once its page is ready; here, right after the first load starts.
    const load = this.webContents.loadFile.bind(this.webContents);
    this.webContents.loadFile = async (file, opts) => {
      await load(file, opts);
      setImmediate(() => !this.destroyed && this.emit('ready-to-show'));
    };
  }

  static getAllWindows(): BrowserWindowMock[] {
    return BrowserWindowMock.instances.filter((w) => !w.isDestroyed());
  }

  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  minimize(): void {
    this.minimized = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    if (this.destroyed) return;
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    // Electron: a page that refuses to unload keeps its window, unless a 'will-prevent-unload'
    // listener calls preventDefault (which lets the unload go on).
    if (this.webContents.refusesUnload) {
      let unloadAllowed = false;
      this.webContents.emit('will-prevent-unload', { preventDefault: () => (unloadAllowed = true) });
      if (!unloadAllowed) return;
    }
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroy();
    this.emit('closed');
    if (BrowserWindowMock.getAllWindows().length === 0) app.emit('window-all-closed');
  }
}

export class MenuMock {
  static applicationMenu: MenuMock | null = null;
  constructor(readonly items: Record<string, any>[]) {}
  static buildFromTemplate(template: Record<string, any>[]): MenuMock {
    return new MenuMock(template);
  }
  static setApplicationMenu(menu: MenuMock | null): void {
    MenuMock.applicationMenu = menu;
  }
}

export class NativeImageMock {
  template = false;
  constructor(readonly path: string) {}
  isEmpty(): boolean {
    return !this.path || !existsSync(this.path);
  }
  setTemplateImage(flag: boolean): void {
    this.template = flag;
  }
  isTemplateImage(): boolean {
    return this.template;
  }
}

export class TrayMock extends EventEmitter {
  static instances: TrayMock[] = [];
  menu?: MenuMock;
  toolTip = '';
  private destroyed = false;
  constructor(public image: NativeImageMock) {
    super();
    TrayMock.instances.push(this);
  }
  setContextMenu(menu: MenuMock | null): void {
    this.menu = menu ?? undefined;
  }
  setImage(image: NativeImageMock): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.toolTip = text;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class NotificationMock extends EventEmitter {
  static instances: NotificationMock[] = [];
  static supported = true;
  shown = false;
  closed = false;
  readonly title: string;
  readonly body: string;
  constructor(readonly options: Record<string, any> = {}) {
    super();
    this.title = options.title ?? '';
    this.body = options.body ?? '';
    NotificationMock.instances.push(this);
  }
  static isSupported(): boolean {
    return NotificationMock.supported;
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', {});
  }
}

class IpcMainMock extends EventEmitter {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  handle = vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
    // Electron refuses a second handler for a channel; so does the mock.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  });
  removeHandler = vi.fn((channel: string) => {
    this.handlers.delete(channel);
  });
  /** Calls a handler as if `sender` had invoked it (a foreign sender, a subframe…). */
  async invokeAs(sender: WebContentsMock, frame: WebFrameMainMock | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender, senderFrame: frame }, ...args);
  }
}

export const ipcMain = new IpcMainMock();

class IpcRendererMock extends EventEmitter {
  /** Invokes as the main frame of the first open window: what the real preload would be. */
  invoke = vi.fn(async (channel: string, ...args: unknown[]) => {
    const window = BrowserWindowMock.getAllWindows()[0];
    if (!window) throw new Error('no window to invoke from');
    return ipcMain.invokeAs(window.webContents, window.webContents.mainFrame, channel, ...args);
  });
}

export const ipcRenderer = new IpcRendererMock();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld: vi.fn((key: string, api: unknown) => {
    contextBridge.exposed.set(key, api);
  }),
};

function sessionMock() {
  const mock = {
    permissionRequestHandler: undefined as Listener | undefined,
    permissionCheckHandler: undefined as Listener | undefined,
    beforeRequest: undefined as Listener | undefined,
    headersReceived: undefined as Listener | undefined,
    setPermissionRequestHandler: (handler: Listener) => void (mock.permissionRequestHandler = handler),
    setPermissionCheckHandler: (handler: Listener) => void (mock.permissionCheckHandler = handler),
    webRequest: {
      onBeforeRequest: (listener: Listener) => void (mock.beforeRequest = listener),
      onHeadersReceived: (listener: Listener) => void (mock.headersReceived = listener),
    },
  };
  return mock;
}

export const session = { defaultSession: sessionMock() };

const mockRoot = path.join(os.tmpdir(), `portcullis-electron-mock-${process.pid}`);

class AppMock extends EventEmitter {
  isPackaged = false;
  name = 'portcullis';
  singleInstance = true;
  exitCode?: number;
  readonly paths = new Map<string, string>([
    ['appData', path.join(mockRoot, 'appData')],
    ['userData', path.join(mockRoot, 'appData', 'portcullis')],
    ['home', path.join(mockRoot, 'home')],
    ['temp', os.tmpdir()],
  ]);
  loginItem = { openAtLogin: false, wasOpenedAtLogin: false, args: [] as string[], path: '' };
  appPath = process.cwd();
  readonly dock = { show: vi.fn(async () => undefined), hide: vi.fn() };
  setAppUserModelId = vi.fn();
  quitting = false;
  quitted = false;

  getPath(name: string): string {
    const value = this.paths.get(name);
    if (!value) throw new Error(`unknown path '${name}'`);
    return value;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  setName(name: string): void {
    this.name = name;
  }
  getName(): string {
    return this.name;
  }
  getVersion(): string {
    return '0.1.0';
  }
  getAppPath(): string {
    return this.appPath;
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  isReady(): boolean {
    return true;
  }
  /** Emits before-quit like Electron; quits unless a listener prevents it. */
  quit(): void {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.quitted = true;
    this.emit('will-quit', { preventDefault: () => undefined });
    this.emit('quit');
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
  setLoginItemSettings(settings: { openAtLogin?: boolean; args?: string[]; path?: string }): void {
    this.loginItem = { ...this.loginItem, ...settings, openAtLogin: settings.openAtLogin ?? false };
  }
  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return { openAtLogin: this.loginItem.openAtLogin, wasOpenedAtLogin: this.loginItem.wasOpenedAtLogin };
  }
}

export const app = new AppMock();

export const nativeImage = {
  createFromPath: (file: string) => new NativeImageMock(file),
  createEmpty: () => new NativeImageMock(''),
};

export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret' as string,
  isEncryptionAvailable(): boolean {
    return this.available;
  },
  getSelectedStorageBackend(): string {
    return this.backend;
  },
  // A reversible stand-in for the OS cipher: enough to tell sealed from plain.
  encryptString(plain: string): Buffer {
    return Buffer.from(`sealed:${plain}`, 'utf8').reverse();
  },
  decryptString(data: Buffer): string {
    const text = Buffer.from(data).reverse().toString('utf8');
    if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return text.slice('sealed:'.length);
  },
};

export const shell = { openExternal: vi.fn(async (_url: string) => undefined) };
export const dialog = {
  showErrorBox: vi.fn((_title: string, _content: string) => undefined),
  /** Answers with the button index a test set (0 unless told). */
  showMessageBoxSync: vi.fn((_window: unknown, _options: Record<string, any>) => 0),
};
export const clipboard = { writeText: vi.fn((_text: string) => undefined) };

export { BrowserWindowMock as BrowserWindow, MenuMock as Menu, TrayMock as Tray, NotificationMock as Notification };

/** The module as `require('electron')` returns it (for the bundle smoke test). */
export function electronModule(): Record<string, unknown> {
  return {
    app,
    BrowserWindow: BrowserWindowMock,
    Menu: MenuMock,
    Tray: TrayMock,
    Notification: NotificationMock,
    ipcMain,
    ipcRenderer,
    contextBridge,
    nativeImage,
    safeStorage,
    session,
    shell,
    dialog,
    clipboard,
  };
}

/** Helpers for menus: find an item by id anywhere in a template, click it. */
export function findMenuItem(items: Record<string, any>[], id: string): Record<string, any> | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    if (Array.isArray(item.submenu)) {
      const found = findMenuItem(item.submenu, id);
      if (found) return found;
    }
  }
  return undefined;
}

export function clickMenuItem(items: Record<string, any>[], id: string): void {
  const item = findMenuItem(items, id);
  if (!item) throw new Error(`no menu item '${id}'`);
  if (typeof item.click !== 'function') throw new Error(`menu item '${id}' has no click`);
  item.click(item, undefined, {});
}
