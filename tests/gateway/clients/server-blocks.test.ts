// Where the servers sit in each client's document: mcpServers for most, per-project blocks in
// Claude Code's ~/.claude.json, three spellings in VS Code; and where a first entry goes.
import { describe, expect, it } from 'vitest';
import { defaultBlockPath, findServerBlocks } from '../../../electron/gateway/clients/server-blocks.js';

describe('findServerBlocks', () => {
  it('finds mcpServers, and only when it is an object', () => {
    expect(findServerBlocks('cursor', { mcpServers: {} }, 'user')).toEqual([{ path: ['mcpServers'], scope: 'user' }]);
    expect(findServerBlocks('cursor', { mcpServers: [] }, 'user')).toEqual([]);
    expect(findServerBlocks('windsurf', {}, 'user')).toEqual([]);
  });

  it('adds Claude Code\'s per-project blocks as local scope, in file order', () => {
    const doc = { mcpServers: {}, projects: { '/a': { mcpServers: {} }, '/b': { other: 1 }, '/c': { mcpServers: {} }, '/d': null } };
    expect(findServerBlocks('claude-code', doc, 'user')).toEqual([
      { path: ['mcpServers'], scope: 'user' },
      { path: ['projects', '/a', 'mcpServers'], scope: 'local', project: '/a' },
      { path: ['projects', '/c', 'mcpServers'], scope: 'local', project: '/c' },
    ]);
    // Another client's file with a projects key is not read that way.
    expect(findServerBlocks('cursor', doc, 'user')).toEqual([{ path: ['mcpServers'], scope: 'user' }]);
  });

  it('reads VS Code\'s servers, nested mcp.servers and the dotted key, and not mcpServers', () => {
    const doc = { servers: {}, mcp: { servers: {} }, 'mcp.servers': {}, mcpServers: {} };
    expect(findServerBlocks('vscode', doc, 'project').map((b) => b.path)).toEqual([['servers'], ['mcp', 'servers'], ['mcp.servers']]);
  });
});

describe('defaultBlockPath', () => {
  it('is mcpServers, except VS Code: nested in settings.json, servers in mcp.json', () => {
    expect(defaultBlockPath('claude-desktop', '/x/claude_desktop_config.json')).toEqual(['mcpServers']);
    expect(defaultBlockPath('vscode', '/home/u/.config/Code/User/settings.json')).toEqual(['mcp', 'servers']);
    expect(defaultBlockPath('vscode', '/p/.vscode/mcp.json')).toEqual(['servers']);
  });
});
