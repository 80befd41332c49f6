// The client config fixtures, copied into temp dirs for tests that write.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ClientId } from '../../../electron/gateway/clients/client-kinds.js';

export const FIXTURES = path.resolve('tests/fixtures/clients');

/** Every client file format, one fixture each. */
export const CLIENT_FIXTURES: { client: ClientId; file: string; scope: 'user' | 'project' }[] = [
  { client: 'claude-desktop', file: 'claude-desktop/claude_desktop_config.json', scope: 'user' },
  { client: 'claude-code', file: 'claude-code/.claude.json', scope: 'user' },
  { client: 'claude-code', file: 'claude-code/project/.mcp.json', scope: 'project' },
  { client: 'cursor', file: 'cursor/mcp.json', scope: 'user' },
  { client: 'cursor', file: 'cursor/project/.cursor/mcp.json', scope: 'project' },
  { client: 'vscode', file: 'vscode/settings.json', scope: 'user' },
  { client: 'vscode', file: 'vscode/mcp.json', scope: 'user' },
  { client: 'vscode', file: 'vscode/workspace/.vscode/mcp.json', scope: 'project' },
  { client: 'windsurf', file: 'windsurf/mcp_config.json', scope: 'user' },
];

export async function tempDir(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `portcullis-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Copies one fixture (keeping its relative path) into `dir`; returns the copy's path. */
export async function copyFixture(relative: string, dir: string): Promise<string> {
  const target = path.join(dir, relative);
  await cp(path.join(FIXTURES, relative), target);
  return target;
}
