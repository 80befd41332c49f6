// Where each client keeps its MCP settings, per OS and scope. A pure function of platform,
// environment and home folder, so every OS is testable anywhere and tests never look at
// the real home directory.
//
//   Claude Desktop  macOS ~/Library/Application Support/Claude/claude_desktop_config.json
//                   Windows %APPDATA%\Claude\…   Linux $XDG_CONFIG_HOME/Claude/… (unofficial builds)
//   Claude Code     ~/.claude.json ($CLAUDE_CONFIG_DIR/.claude.json when set): user servers at the
//                   top, per-project ones under projects[<path>]; project: <dir>/.mcp.json
//   Cursor          ~/.cursor/mcp.json; project: <dir>/.cursor/mcp.json
//   VS Code         <user dir>/mcp.json (current) and <user dir>/settings.json "mcp" (older);
//                   Insiders alike; project: <dir>/.vscode/mcp.json
//   Windsurf        ~/.codeium/windsurf/mcp_config.json
import os from 'node:os';
import path from 'node:path';
import { CLIENT_IDS, type ClientId } from './client-kinds.js';

export interface LocationContext {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  /** The project whose files (.mcp.json, .cursor/, .vscode/) are looked at; none if undefined. */
  projectDir?: string;
}

export type ConfigScope = 'user' | 'project';

export interface ConfigLocation {
  client: ClientId;
  scope: ConfigScope;
  path: string;
  /** e.g. "VS Code Insiders user mcp.json". */
  description: string;
}

export function locationContextFromProcess(projectDir: string | undefined = process.cwd()): LocationContext {
  return { platform: process.platform, env: process.env, home: os.homedir(), ...(projectDir ? { projectDir: path.resolve(projectDir) } : {}) };
}

/** Every place the client may keep MCP servers; the first user-scope one is where `connect` writes by default. */
export function configLocations(client: ClientId, ctx: LocationContext): ConfigLocation[] {
  const p = ctx.platform === 'win32' ? path.win32 : path.posix;
  const { home, env, projectDir } = ctx;
  const at = (scope: ConfigScope, file: string, description: string): ConfigLocation => ({ client, scope, path: file, description });
  const project = (relative: string, description: string): ConfigLocation[] => (projectDir ? [at('project', p.join(projectDir, relative), description)] : []);
  switch (client) {
    case 'claude-desktop':
      return [at('user', p.join(appConfigDir(ctx), 'Claude', 'claude_desktop_config.json'), 'Claude Desktop config')];
    case 'claude-code':
      return [at('user', p.join(env.CLAUDE_CONFIG_DIR || home, '.claude.json'), 'Claude Code user and per-project servers'), ...project('.mcp.json', 'Claude Code project .mcp.json')];
    case 'cursor':
      return [at('user', p.join(home, '.cursor', 'mcp.json'), 'Cursor global mcp.json'), ...project(p.join('.cursor', 'mcp.json'), 'Cursor project mcp.json')];
    case 'vscode':
      return [
        ...(['Code', 'Code - Insiders'] as const).flatMap((product) => {
          const userDir = p.join(appConfigDir(ctx), product, 'User');
          const name = product === 'Code' ? 'VS Code' : 'VS Code Insiders';
          return [at('user', p.join(userDir, 'mcp.json'), `${name} user mcp.json`), at('user', p.join(userDir, 'settings.json'), `${name} user settings.json`)];
        }),
        ...project(p.join('.vscode', 'mcp.json'), 'VS Code workspace mcp.json'),
      ];
    case 'windsurf':
      return [at('user', p.join(home, '.codeium', 'windsurf', 'mcp_config.json'), 'Windsurf mcp_config.json')];
  }
}

export function allConfigLocations(ctx: LocationContext): ConfigLocation[] {
  return CLIENT_IDS.flatMap((client) => configLocations(client, ctx));
}

/** The per-user application settings folder, as Electron apps (Claude Desktop, VS Code) use it. */
function appConfigDir({ platform, env, home }: LocationContext): string {
  if (platform === 'win32') return env.APPDATA || path.win32.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME || path.posix.join(home, '.config');
}

/** Which client a file given with --file belongs to, from its name and folder; undefined when it cannot tell. */
export function guessClientFromPath(file: string): ClientId | undefined {
  const normalised = file.replace(/\\/g, '/');
  const base = normalised.split('/').pop() ?? '';
  const parent = normalised.split('/').slice(-2, -1)[0] ?? '';
  if (base === 'claude_desktop_config.json') return 'claude-desktop';
  if (base === '.claude.json' || base === '.mcp.json') return 'claude-code';
  if (base === 'mcp_config.json') return 'windsurf';
  if (base === 'mcp.json' && parent === '.cursor') return 'cursor';
  if ((base === 'mcp.json' || base === 'settings.json') && (parent === '.vscode' || parent === 'User')) return 'vscode';
  return undefined;
}

/** The scope of a file given with --file: a known location's, else project for files inside a project folder. */
export function scopeOfFile(client: ClientId, file: string, ctx: LocationContext): ConfigScope {
  const known = configLocations(client, ctx).find((l) => l.path === file);
  if (known) return known.scope;
  const p = ctx.platform === 'win32' ? path.win32 : path.posix;
  const base = p.basename(file);
  const parent = p.basename(p.dirname(file));
  if (base === '.mcp.json' || parent === '.vscode') return 'project';
  if (parent === '.cursor' && p.dirname(p.dirname(file)) !== ctx.home) return 'project';
  return 'user';
}
