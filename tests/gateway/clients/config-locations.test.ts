// Config file locations per OS, computed from platform + env + home only.
import { describe, expect, test } from 'vitest';
import { allConfigLocations, configLocations, guessClientFromPath, scopeOfFile, type LocationContext } from '../../../electron/gateway/clients/config-locations.js';

const linux: LocationContext = { platform: 'linux', env: {}, home: '/home/alice', projectDir: '/home/alice/code/shop' };
const mac: LocationContext = { platform: 'darwin', env: {}, home: '/Users/alice', projectDir: '/Users/alice/code/shop' };
const windows: LocationContext = { platform: 'win32', env: { APPDATA: 'C:\\Users\\alice\\AppData\\Roaming' }, home: 'C:\\Users\\alice', projectDir: 'D:\\code\\shop' };

const paths = (ctx: LocationContext, client: Parameters<typeof configLocations>[0]) => configLocations(client, ctx).map((l) => `${l.scope} ${l.path}`);

describe('configLocations', () => {
  test('Linux: XDG config folder for Electron apps, dot folders in home, project files', () => {
    expect(paths(linux, 'claude-desktop')).toEqual(['user /home/alice/.config/Claude/claude_desktop_config.json']);
    expect(paths(linux, 'claude-code')).toEqual(['user /home/alice/.claude.json', 'project /home/alice/code/shop/.mcp.json']);
    expect(paths(linux, 'cursor')).toEqual(['user /home/alice/.cursor/mcp.json', 'project /home/alice/code/shop/.cursor/mcp.json']);
    expect(paths(linux, 'vscode')).toEqual([
      'user /home/alice/.config/Code/User/mcp.json',
      'user /home/alice/.config/Code/User/settings.json',
      'user /home/alice/.config/Code - Insiders/User/mcp.json',
      'user /home/alice/.config/Code - Insiders/User/settings.json',
      'project /home/alice/code/shop/.vscode/mcp.json',
    ]);
    expect(paths(linux, 'windsurf')).toEqual(['user /home/alice/.codeium/windsurf/mcp_config.json']);
  });

  test('Linux honours XDG_CONFIG_HOME and CLAUDE_CONFIG_DIR', () => {
    const ctx: LocationContext = { ...linux, env: { XDG_CONFIG_HOME: '/home/alice/.xdg', CLAUDE_CONFIG_DIR: '/home/alice/.claude-work' } };
    expect(paths(ctx, 'claude-desktop')).toEqual(['user /home/alice/.xdg/Claude/claude_desktop_config.json']);
    expect(paths(ctx, 'claude-code')[0]).toBe('user /home/alice/.claude-work/.claude.json');
    expect(paths(ctx, 'vscode')[0]).toBe('user /home/alice/.xdg/Code/User/mcp.json');
  });

  test('macOS: Application Support', () => {
    expect(paths(mac, 'claude-desktop')).toEqual(['user /Users/alice/Library/Application Support/Claude/claude_desktop_config.json']);
    expect(paths(mac, 'vscode').slice(0, 2)).toEqual(['user /Users/alice/Library/Application Support/Code/User/mcp.json', 'user /Users/alice/Library/Application Support/Code/User/settings.json']);
    expect(paths(mac, 'cursor')[0]).toBe('user /Users/alice/.cursor/mcp.json');
    expect(paths(mac, 'windsurf')).toEqual(['user /Users/alice/.codeium/windsurf/mcp_config.json']);
  });

  test('Windows: %APPDATA% for Electron apps, %USERPROFILE% dot folders, backslashes', () => {
    expect(paths(windows, 'claude-desktop')).toEqual(['user C:\\Users\\alice\\AppData\\Roaming\\Claude\\claude_desktop_config.json']);
    expect(paths(windows, 'claude-code')).toEqual(['user C:\\Users\\alice\\.claude.json', 'project D:\\code\\shop\\.mcp.json']);
    expect(paths(windows, 'cursor')).toEqual(['user C:\\Users\\alice\\.cursor\\mcp.json', 'project D:\\code\\shop\\.cursor\\mcp.json']);
    expect(paths(windows, 'vscode')[1]).toBe('user C:\\Users\\alice\\AppData\\Roaming\\Code\\User\\settings.json');
    expect(paths(windows, 'windsurf')).toEqual(['user C:\\Users\\alice\\.codeium\\windsurf\\mcp_config.json']);
    // Without APPDATA, the default Roaming folder under the profile.
    expect(paths({ ...windows, env: {} }, 'claude-desktop')[0]).toBe('user C:\\Users\\alice\\AppData\\Roaming\\Claude\\claude_desktop_config.json');
  });

  test('no project folder: user files only', () => {
    const { projectDir: _ignored, ...noProject } = linux;
    expect(allConfigLocations(noProject).every((l) => l.scope === 'user')).toBe(true);
    expect(allConfigLocations(linux).filter((l) => l.scope === 'project')).toHaveLength(3);
  });
});

describe('guessClientFromPath and scopeOfFile', () => {
  test('file names and folders tell the client apart', () => {
    expect(guessClientFromPath('/x/Claude/claude_desktop_config.json')).toBe('claude-desktop');
    expect(guessClientFromPath('/home/a/.claude.json')).toBe('claude-code');
    expect(guessClientFromPath('/p/.mcp.json')).toBe('claude-code');
    expect(guessClientFromPath('/p/.cursor/mcp.json')).toBe('cursor');
    expect(guessClientFromPath('C:\\p\\.vscode\\mcp.json')).toBe('vscode');
    expect(guessClientFromPath('/home/a/.config/Code/User/settings.json')).toBe('vscode');
    expect(guessClientFromPath('/home/a/.codeium/windsurf/mcp_config.json')).toBe('windsurf');
    expect(guessClientFromPath('/tmp/servers.json')).toBeUndefined();
  });

  test('known locations keep their scope; project files elsewhere are project scope', () => {
    expect(scopeOfFile('cursor', '/home/alice/.cursor/mcp.json', linux)).toBe('user');
    expect(scopeOfFile('cursor', '/srv/other/.cursor/mcp.json', linux)).toBe('project');
    expect(scopeOfFile('vscode', '/srv/other/.vscode/mcp.json', linux)).toBe('project');
    expect(scopeOfFile('claude-code', '/srv/other/.mcp.json', linux)).toBe('project');
    expect(scopeOfFile('claude-desktop', '/tmp/claude_desktop_config.json', linux)).toBe('user');
  });
});
