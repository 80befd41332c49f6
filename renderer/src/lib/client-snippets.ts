// Ready-to-paste configuration for the AI clients a person connects through a grant.
// The token goes in exactly once, here, because it is never shown again.

export interface SnippetTarget {
  serverId: string;
  /** http://127.0.0.1:7337/mcp/<server> */
  endpoint: string;
  /** http://127.0.0.1:7337 */
  gatewayUrl: string;
  token: string;
}

export interface Snippet {
  id: 'claude-desktop' | 'cursor' | 'vscode' | 'connect';
  label: string;
  /** Where the text goes. */
  where: string;
  language: 'json' | 'shell';
  text: string;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

export function clientSnippets(target: SnippetTarget): Snippet[] {
  const { serverId, endpoint, gatewayUrl, token } = target;
  const auth = { Authorization: `Bearer ${token}` };
  return [
    {
      id: 'claude-desktop',
      label: 'Claude Desktop',
      where: 'claude_desktop_config.json (Settings → Developer → Edit Config), inside "mcpServers"',
      language: 'json',
      // Claude Desktop's config file starts local commands only: bridge through `portcullis connect`.
      text: json({
        mcpServers: {
          [serverId]: { command: 'portcullis', args: ['connect', serverId, '--url', gatewayUrl], env: { PORTCULLIS_TOKEN: token } },
        },
      }),
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
      id: 'connect',
      label: 'portcullis connect',
      where: 'any client that starts a command (stdio)',
      language: 'shell',
      text: `PORTCULLIS_TOKEN=${token} portcullis connect ${serverId} --url ${gatewayUrl}`,
    },
  ];
}
