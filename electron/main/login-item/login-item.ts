// Start at login, per platform: the login item API on macOS and Windows, an XDG autostart
// entry on Linux. Started that way, Portcullis stays hidden in the tray.
import type { App } from 'electron';
import { HIDDEN_FLAG } from '../launch-options.js';
import { autostartPath, removeAutostart, writeAutostart } from './xdg-autostart.js';

export interface LoginItemContext {
  app: Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings' | 'isPackaged' | 'getAppPath'>;
  platform: NodeJS.Platform;
  execPath: string;
  env: NodeJS.ProcessEnv;
}

/** What to run at login: the AppImage (not its temporary mount), the installed binary, or electron + the app folder in development. */
export function loginCommand(ctx: LoginItemContext): string[] {
  const program = ctx.env.APPIMAGE || ctx.execPath;
  return ctx.app.isPackaged ? [program, HIDDEN_FLAG] : [program, ctx.app.getAppPath(), HIDDEN_FLAG];
}

export async function applyStartAtLogin(enabled: boolean, ctx: LoginItemContext): Promise<void> {
  if (ctx.platform === 'linux') {
    const file = autostartPath(ctx.env);
    if (enabled) await writeAutostart(file, loginCommand(ctx));
    else await removeAutostart(file);
    return;
  }
  if (ctx.platform === 'win32') {
    const [program = ctx.execPath, ...args] = loginCommand(ctx);
    ctx.app.setLoginItemSettings({ openAtLogin: enabled, path: program, args });
    return;
  }
  ctx.app.setLoginItemSettings({ openAtLogin: enabled });
}

/** True when this run was started by the login item (so the window stays closed). */
export function startedAtLogin(argv: readonly string[], ctx: Pick<LoginItemContext, 'app' | 'platform'>): boolean {
  if (argv.includes(HIDDEN_FLAG)) return true;
  return ctx.platform === 'darwin' && ctx.app.getLoginItemSettings().wasOpenedAtLogin === true;
}

/** Keeps the OS in step with Settings.startAtLogin: once at start, then on every change. */
export class LoginItemSync {
  private applied?: boolean;

  constructor(
    private readonly ctx: LoginItemContext,
    private readonly log: (message: string) => void,
  ) {}

  /** Takes the OS state as already matching (development runs must not touch the real login item). */
  assume(enabled: boolean): void {
    this.applied = enabled;
  }

  async apply(enabled: boolean): Promise<void> {
    if (this.applied === enabled) return;
    this.applied = enabled;
    try {
      await applyStartAtLogin(enabled, this.ctx);
    } catch (error) {
      this.applied = undefined;
      this.log(`could not ${enabled ? 'enable' : 'disable'} start at login: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
