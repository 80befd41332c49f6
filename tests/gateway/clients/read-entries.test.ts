// Reading every client format into normalised entries, and the odd files.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { clientInfo } from '../../../electron/gateway/clients/client-kinds.js';
import { ClientConfigError, readClientConfig } from '../../../electron/gateway/clients/config-file.js';
import { readClientEntries, type ClientServerEntry } from '../../../electron/gateway/clients/read-entries.js';
import { CLIENT_FIXTURES, FIXTURES } from './fixtures.js';

const PORTS = new Set([7337]);

async function entriesOf(client: Parameters<typeof clientInfo>[0], relative: string, scope: 'user' | 'project' = 'user'): Promise<ClientServerEntry[]> {
  const config = await readClientConfig(path.join(FIXTURES, relative), { allowsComments: clientInfo(client).allowsComments });
  return readClientEntries(client, config.file, config.doc, scope, PORTS);
}
const byName = (entries: ClientServerEntry[]) => Object.fromEntries(entries.map((e) => [e.name, e]));

describe('each client format', () => {
  test('Claude Desktop: stdio servers with env; unrelated settings ignored', async () => {
    const e = byName(await entriesOf('claude-desktop', 'claude-desktop/claude_desktop_config.json'));
    expect(Object.keys(e)).toEqual(['filesystem', 'github', 'Brave Search', 'postgres']);
    expect(e.github!.upstream).toEqual({ transport: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_FAKEfixtureToken0123456789abcdefABCD' } });
    expect(e.filesystem!.path).toEqual(['mcpServers', 'filesystem']);
    expect(e.postgres!.upstream).toMatchObject({ command: 'docker', env: {} });
  });

  test('Claude Code ~/.claude.json: user servers and per-project (local) servers', async () => {
    const entries = await entriesOf('claude-code', 'claude-code/.claude.json');
    expect(entries.map((x) => `${x.scope}:${x.name}`)).toEqual(['user:memory', 'user:linear', 'local:sentry', 'local:shop-db']);
    const e = byName(entries);
    expect(e.linear!.upstream).toEqual({ transport: 'sse', url: 'https://mcp.linear.app/sse', headers: {} });
    expect(e.sentry!.upstream).toEqual({ transport: 'http', url: 'https://mcp.sentry.dev/mcp', headers: { Authorization: 'Bearer sntrys_fixtureSecretToken' } });
    expect(e.sentry!.project).toBe('/home/alice/code/shop');
    expect(e.sentry!.path).toEqual(['projects', '/home/alice/code/shop', 'mcpServers', 'sentry']);
  });

  test('Claude Code .mcp.json: ${VAR} placeholders are noted, not expanded', async () => {
    const e = byName(await entriesOf('claude-code', 'claude-code/project/.mcp.json', 'project'));
    expect(e.db!.upstream).toMatchObject({ env: { DATABASE_URL: '${DATABASE_URL:-postgres://localhost:5432/dev}' } });
    expect(e.db!.notes.join()).toMatch(/env DATABASE_URL use \$\{…\} placeholders/);
    expect(e.playwright!.scope).toBe('project');
  });

  test('Cursor: comments allowed, URL entries without a type (…/sse → legacy SSE), local non-gateway URL kept', async () => {
    const e = byName(await entriesOf('cursor', 'cursor/mcp.json'));
    expect(e.figma!.upstream).toEqual({ transport: 'http', url: 'https://mcp.figma.com/mcp', headers: { 'X-Figma-Token': 'figd_fixtureSecret' } });
    expect(e['legacy-events']!.upstream).toMatchObject({ transport: 'sse' });
    expect(e['local-dev']!.portcullis).toBeUndefined(); // port 3000 is not the gateway
    expect(e['local-dev']!.upstream).toMatchObject({ transport: 'http', url: 'http://localhost:3000/mcp' });
  });

  test('VS Code settings.json ("mcp": {servers}) and mcp.json ("servers" + "inputs"), typed entries', async () => {
    const settings = byName(await entriesOf('vscode', 'vscode/settings.json'));
    expect(settings.github!.path).toEqual(['mcp', 'servers', 'github']);
    expect(settings.github!.notes.join()).toMatch(/header Authorization/);
    expect(settings.fetch!.upstream).toEqual({ transport: 'stdio', command: 'uvx', args: ['mcp-server-fetch'], env: {} });
    const mcp = byName(await entriesOf('vscode', 'vscode/mcp.json'));
    expect(mcp['microsoft-docs']!.upstream).toEqual({ transport: 'http', url: 'https://learn.microsoft.com/api/mcp', headers: {} });
    expect(mcp['local-tools']!.upstream).toMatchObject({ cwd: '${userHome}/tools/mcp' });
    expect(mcp['local-tools']!.notes.join()).toMatch(/envFile .* is not carried over/);
    expect(mcp.perplexity!.notes.join()).toMatch(/env PERPLEXITY_API_KEY/);
  });

  test('VS Code settings.json with a dotted "mcp.servers" key', async () => {
    const doc = { 'mcp.servers': { fetch: { command: 'uvx', args: ['mcp-server-fetch'] } } };
    const entries = readClientEntries('vscode', 'settings.json', doc, 'user', PORTS);
    expect(entries.map((e) => e.path)).toEqual([['mcp.servers', 'fetch']]);
  });

  test('Windsurf: serverUrl and disabled entries', async () => {
    const e = byName(await entriesOf('windsurf', 'windsurf/mcp_config.json'));
    expect(e.talaria!.upstream).toEqual({ transport: 'http', url: 'https://api.example-talaria.com/mcp', headers: { Authorization: 'Bearer tal_fixture_token' } });
    expect(e.git!.disabled).toBe(true);
    expect(e['sequential-thinking']!.disabled).toBe(false);
  });

  test('every fixture parses and yields at least one importable entry', async () => {
    for (const { client, file, scope } of CLIENT_FIXTURES) {
      const entries = await entriesOf(client, file, scope);
      expect(entries.length, file).toBeGreaterThan(0);
      expect(entries.every((e) => e.upstream !== undefined && !e.problem), file).toBe(true);
    }
  });
});

describe('entries that already go through Portcullis', () => {
  test('portcullis connect (node + bin, npx) and gateway URLs are recognised; others are not', async () => {
    const e = byName(await entriesOf('claude-desktop', 'odd/already-connected.json'));
    expect(e.everything!.portcullis).toEqual({ serverId: 'everything' });
    expect(e['memory-via-npx']!.portcullis).toEqual({ serverId: 'memory' });
    expect(e.weather!.portcullis).toBeUndefined();
    const urls = readClientEntries('cursor', 'x', { mcpServers: { a: { url: 'http://127.0.0.1:7337/mcp/github' }, all: { url: 'http://localhost:7337/mcp' }, other: { url: 'http://127.0.0.1:7337/api/x' } } }, 'user', PORTS);
    expect(urls.map((u) => u.portcullis)).toEqual([{ serverId: 'github' }, {}, undefined]);
  });
});

describe('entries that cannot be imported say why', () => {
  test('no command or url, bad args, unknown transport', () => {
    const doc = { mcpServers: { a: { foo: 1 }, b: { command: 'x', args: 'not-a-list' }, c: { type: 'ws', url: 'ws://x' }, d: 'nope' } };
    const problems = readClientEntries('claude-code', 'x', doc, 'user', PORTS).map((e) => e.problem);
    expect(problems[0]).toMatch(/neither a "command" nor a "url"/);
    expect(problems[1]).toMatch(/"args" should be a list/);
    expect(problems[2]).toMatch(/'ws' is not/);
    expect(problems[3]).toMatch(/not an object/);
  });
});

describe('odd files', () => {
  const read = (relative: string, allowsComments = false) => readClientConfig(path.join(FIXTURES, relative), { allowsComments });

  test('missing file: exists false, nothing thrown', async () => {
    const config = await read('odd/does-not-exist.json');
    expect(config).toMatchObject({ exists: false, empty: false, doc: {} });
  });

  test('empty and whitespace-only files: empty, no servers', async () => {
    expect(await read('odd/empty.json')).toMatchObject({ exists: true, empty: true, doc: {} });
    expect(await read('odd/whitespace.json')).toMatchObject({ exists: true, empty: true, doc: {} });
  });

  test('invalid JSON: a ClientConfigError naming line and column', async () => {
    const error = await read('odd/invalid.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientConfigError);
    expect((error as Error).message).toMatch(/invalid\.json is not valid JSON at line 5, column 7: a comma is missing\. Nothing was changed\./);
  });

  test('comments: refused for strict clients, accepted for VS Code and Cursor', async () => {
    await expect(read('odd/comments-in-strict.json', false)).rejects.toThrow(/line 2, column 3: comments are not allowed/);
    await expect(read('odd/comments-in-strict.json', true)).resolves.toMatchObject({ exists: true });
  });

  test('a top-level array is refused', async () => {
    await expect(read('odd/not-an-object.json')).rejects.toThrow(/should hold a JSON object .* not an array/);
  });

  test('the exact bytes are kept', async () => {
    const config = await read('vscode/settings.json', true);
    expect(config.bytes.equals(await readFile(path.join(FIXTURES, 'vscode/settings.json')))).toBe(true);
  });
});
