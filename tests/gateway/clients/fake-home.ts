// A home folder (Linux layout) holding every client's config fixture, plus a project folder,
// and the environment that points the CLI at them instead of the real home.
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { FIXTURES, tempDir } from './fixtures.js';

export interface FakeHome {
  root: string;
  home: string;
  project: string;
  dataDir: string;
  env: Record<string, string>;
  files: {
    claudeDesktop: string;
    claudeCode: string;
    claudeCodeProject: string;
    cursor: string;
    vscodeSettings: string;
    vscodeMcp: string;
    windsurf: string;
  };
  remove(): Promise<void>;
}

export async function fakeHome(): Promise<FakeHome> {
  const temp = await tempDir('home');
  const home = path.join(temp.dir, 'home');
  const project = path.join(temp.dir, 'project');
  const files = {
    claudeDesktop: path.join(home, '.config', 'Claude', 'claude_desktop_config.json'),
    claudeCode: path.join(home, '.claude.json'),
    claudeCodeProject: path.join(project, '.mcp.json'),
    cursor: path.join(home, '.cursor', 'mcp.json'),
    vscodeSettings: path.join(home, '.config', 'Code', 'User', 'settings.json'),
    vscodeMcp: path.join(home, '.config', 'Code', 'User', 'mcp.json'),
    windsurf: path.join(home, '.codeium', 'windsurf', 'mcp_config.json'),
  };
  const sources: Record<keyof typeof files, string> = {
    claudeDesktop: 'claude-desktop/claude_desktop_config.json',
    claudeCode: 'claude-code/.claude.json',
    claudeCodeProject: 'claude-code/project/.mcp.json',
    cursor: 'cursor/mcp.json',
    vscodeSettings: 'vscode/settings.json',
    vscodeMcp: 'vscode/mcp.json',
    windsurf: 'windsurf/mcp_config.json',
  };
  await mkdir(project, { recursive: true });
  for (const key of Object.keys(files) as (keyof typeof files)[]) await cp(path.join(FIXTURES, sources[key]), files[key]);
  return {
    root: temp.dir,
    home,
    project,
    dataDir: path.join(temp.dir, 'data'),
    env: { HOME: home, USERPROFILE: home, XDG_CONFIG_HOME: path.join(home, '.config'), APPDATA: path.join(home, 'AppData'), CLAUDE_CONFIG_DIR: '' },
    files,
    remove: temp.remove,
  };
}
