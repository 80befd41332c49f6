import { describe, expect, it } from 'vitest';
import { clientSnippets } from '../../../renderer/src/lib/client-snippets.js';

const target = { serverId: 'files', endpoint: 'http://127.0.0.1:7337/mcp/files', gatewayUrl: 'http://127.0.0.1:7337', token: 'pcg_secret' };

describe('client snippets', () => {
  it('gives Claude Desktop a stdio bridge with the token in its env', () => {
    const claude = clientSnippets(target).find((s) => s.id === 'claude-desktop')!;
    expect(JSON.parse(claude.text)).toEqual({
      mcpServers: { files: { command: 'portcullis', args: ['connect', 'files', '--url', 'http://127.0.0.1:7337'], env: { PORTCULLIS_TOKEN: 'pcg_secret' } } },
    });
  });

  it('gives Cursor and VS Code the endpoint with a bearer header', () => {
    const [_, cursor, vscode, connect] = clientSnippets(target);
    expect(JSON.parse(cursor!.text)).toEqual({ mcpServers: { files: { url: target.endpoint, headers: { Authorization: 'Bearer pcg_secret' } } } });
    expect(JSON.parse(vscode!.text)).toEqual({ servers: { files: { type: 'http', url: target.endpoint, headers: { Authorization: 'Bearer pcg_secret' } } } });
    expect(connect!.text).toBe('PORTCULLIS_TOKEN=pcg_secret portcullis connect files --url http://127.0.0.1:7337');
  });
});
