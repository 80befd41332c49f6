import { describe, expect, it } from 'vitest';
import { clientSnippets } from '../../../renderer/src/lib/client-snippets.js';

const bridge = { command: '/usr/local/bin/node', args: ['/opt/Portcullis app/bin/portcullis.js'], env: {} };
const target = { serverId: 'files', endpoint: 'http://127.0.0.1:40123/mcp/files', gatewayUrl: 'http://127.0.0.1:40123', token: 'pcg_secret', bridge };
const snippet = (id: string) => clientSnippets(target).find((s) => s.id === id)!;

describe('client snippets', () => {
  it("gives Claude Desktop this install's CLI by absolute path, the real port and the token in its env", () => {
    expect(JSON.parse(snippet('claude-desktop').text)).toEqual({
      mcpServers: { files: { command: '/usr/local/bin/node', args: ['/opt/Portcullis app/bin/portcullis.js', 'connect', 'files', '--url', 'http://127.0.0.1:40123'], env: { PORTCULLIS_TOKEN: 'pcg_secret' } } },
    });
  });

  it('the packaged app runs its own binary as node', () => {
    const electron = clientSnippets({ ...target, bridge: { command: '/Applications/Portcullis.app/Contents/MacOS/Portcullis', args: ['/x/bin/portcullis.js'], env: { ELECTRON_RUN_AS_NODE: '1' } } });
    expect(JSON.parse(electron[0]!.text).mcpServers.files.env).toEqual({ ELECTRON_RUN_AS_NODE: '1', PORTCULLIS_TOKEN: 'pcg_secret' });
    expect(electron.find((s) => s.id === 'connect')!.text).toBe('ELECTRON_RUN_AS_NODE=1 PORTCULLIS_TOKEN=pcg_secret /Applications/Portcullis.app/Contents/MacOS/Portcullis /x/bin/portcullis.js connect files --url http://127.0.0.1:40123');
  });

  it('gives Cursor, VS Code, Windsurf, Claude Code and the all-servers endpoint the real URL with a bearer header', () => {
    const auth = { Authorization: 'Bearer pcg_secret' };
    expect(JSON.parse(snippet('cursor').text)).toEqual({ mcpServers: { files: { url: target.endpoint, headers: auth } } });
    expect(JSON.parse(snippet('vscode').text)).toEqual({ servers: { files: { type: 'http', url: target.endpoint, headers: auth } } });
    expect(JSON.parse(snippet('windsurf').text)).toEqual({ mcpServers: { files: { serverUrl: target.endpoint, headers: auth } } });
    expect(JSON.parse(snippet('all-servers').text)).toEqual({ mcpServers: { portcullis: { url: 'http://127.0.0.1:40123/mcp', headers: auth } } });
    expect(snippet('claude-code').text).toBe("claude mcp add --scope user --transport http files http://127.0.0.1:40123/mcp/files --header 'Authorization: Bearer pcg_secret'");
  });

  it('the stdio bridge command line quotes a path with spaces and never says a bare portcullis', () => {
    expect(snippet('connect').text).toBe("PORTCULLIS_TOKEN=pcg_secret /usr/local/bin/node '/opt/Portcullis app/bin/portcullis.js' connect files --url http://127.0.0.1:40123");
    expect(clientSnippets(target).some((s) => /(^|\s)portcullis connect/.test(s.text))).toBe(false);
  });
});
