// Linux start-at-login: an XDG autostart entry, $XDG_CONFIG_HOME/autostart/portcullis.desktop
// (~/.config/autostart by default), which desktop sessions run at login.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const AUTOSTART_FILE_NAME = 'portcullis.desktop';

export function autostartPath(env: NodeJS.ProcessEnv, home = os.homedir()): string {
  const configHome = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(configHome, 'autostart', AUTOSTART_FILE_NAME);
}

/** The desktop entry that runs `command` (program and arguments) at login. */
export function desktopEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Portcullis',
    'Comment=Local MCP gateway, started hidden in the tray',
    `Exec=${command.map(quoteExecArgument).join(' ')}`,
    'Icon=portcullis',
    'Terminal=false',
    'Categories=Development;',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * Quoting per the Desktop Entry spec: an argument with reserved characters is wrapped in
 * double quotes with `"`, `` ` ``, `$` and `\` backslash-escaped, then every backslash is
 * doubled again (the string-value escape applies on top); `%` is always doubled (field codes).
 */
export function quoteExecArgument(argument: string): string {
  const text = argument.replace(/%/g, '%%');
  if (text !== '' && !/[\s"'\\><~|&;$*?#()`]/.test(text)) return text;
  const quoted = `"${text.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replace(/\\/g, '\\\\');
}

export async function writeAutostart(file: string, command: readonly string[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, desktopEntry(command), { mode: 0o644 });
  await rename(temp, file);
}

export async function removeAutostart(file: string): Promise<void> {
  await rm(file, { force: true });
}

export async function hasAutostart(file: string): Promise<boolean> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text !== undefined && !/^X-GNOME-Autostart-enabled=false$/m.test(text) && !/^Hidden=true$/m.test(text);
}
