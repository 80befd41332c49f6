// Ready-to-paste configuration for the AI clients a person connects through a grant.
// The token goes in exactly once, here, because it is never shown again. Commands are this
// install's CLI by absolute path (a bare `portcullis` is not on PATH for an npm install, and
// the package is not on the registry for `npx`), and the address is the gateway's real one.
import type { BridgeCommand } from '../../../shared/clients.js';

export interface SnippetTarget {
  serverId: string;
  /** http://127.0.0.1:<port>/mcp/<server> */
  endpoint: string;
  /** http://127.0.0.1:<port>: the port the gateway listens on */
  gatewayUrl: string;
  token: string;
  /** How to start this install's CLI (from listClients). */
  bridge: BridgeCommand;
}

export interface Snippet {
  id: 'claude-desktop' | 'claude-code' | 'cursor' | 'vscode' | 'windsurf' | 'all-servers' | 'connect';
  label: string;
  /** Where the text goes. */
  where: string;
  language: 'json' | 'shell';
  text: string;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** POSIX shell quoting, only where a word needs it. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function clientSnippets(target: SnippetTarget): Snippet[] {
  const { serverId, endpoint, gatewayUrl, token, bridge } = target;
  const auth = { Authorization: `Bearer ${token}` };
  const bridgeArgs = [...bridge.args, 'connect', serverId, '--url', gatewayUrl];
  const envWords = Object.entries({ ...bridge.env, PORTCULLIS_TOKEN: token }).map(([k, v]) => `${k}=${shellWord(v)}`);
  return [
    {
      id: 'claude-desktop',
      label: 'Claude Desktop',
      where: 'claude_desktop_config.json (Settings → Developer → Edit Config), inside "mcpServers"',
      language: 'json',
      // Claude Desktop's config file starts local commands only: bridge through `portcullis connect`.
      text: json({ mcpServers: { [serverId]: { command: bridge.command, args: bridgeArgs, env: { ...bridge.env, PORTCULLIS_TOKEN: token } } } }),
    },
    {
      id: 'claude-code',
      label: 'Claude Code',
      where: 'a terminal (adds it to your user config)',
      language: 'shell',
      text: `claude mcp add --scope user --transport http ${shellWord(serverId)} ${endpoint} --header ${shellWord(`Authorization: Bearer ${token}`)}`,
    },
    {
      id: 'cursor',
      label: 'Cursor',
      where: '~/.cursor/mcp.json (or .cursor/mcp.json in a project)',
      language: 'json',
      text: json({ mcpServers: { [serverId]: { url: endpoint, headers: auth } } }),
    },
    {
      id: 'vscode',
      label: 'VS Code',
      where: '.vscode/mcp.json in the workspace (or the user mcp.json: MCP: Open User Configuration)',
      language: 'json',
      text: json({ servers: { [serverId]: { type: 'http', url: endpoint, headers: auth } } }),
    },
    {
      id: 'windsurf',
      label: 'Windsurf',
      where: '~/.codeium/windsurf/mcp_config.json',
      language: 'json',
      text: json({ mcpServers: { [serverId]: { serverUrl: endpoint, headers: auth } } }),
    },
    {
      id: 'all-servers',
      label: 'All servers',
      where: 'any HTTP client: every server at once, tools named <server>__<tool>',
      language: 'json',
      text: json({ mcpServers: { portcullis: { url: `${gatewayUrl}/mcp`, headers: auth } } }),
    },
    {
      id: 'connect',
      label: 'portcullis connect',
      where: 'any client that starts a command (stdio)',
      language: 'shell',
      text: [...envWords, ...[bridge.command, ...bridgeArgs].map(shellWord)].join(' '),
    },
  ];
}
