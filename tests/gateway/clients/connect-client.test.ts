// Connect: every client format rewritten to go through Portcullis without losing anything
// else, then restored byte for byte by disconnect.
import { lstat, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createGrant } from '../../../electron/gateway/config/grants.js';
import { hashToken } from '../../../electron/gateway/auth/grant-tokens.js';
import { clientInfo } from '../../../electron/gateway/clients/client-kinds.js';
import { ClientConfigError, parseClientConfig } from '../../../electron/gateway/clients/config-file.js';
import { planConnect } from '../../../electron/gateway/clients/connect-client.js';
import { readConnections } from '../../../electron/gateway/clients/connection-records.js';
import { applyDisconnect, planDisconnect } from '../../../electron/gateway/clients/disconnect-client.js';
import { tokensIn } from '../../../electron/gateway/clients/portcullis-entries.js';
import { findServerBlocks } from '../../../electron/gateway/clients/server-blocks.js';
import { CLIENT_FIXTURES, FIXTURES, copyFixture } from './fixtures.js';
import { BASE_URL, LAUNCHER, backupsOf, connect, entriesIn, workspace, type Workspace } from './helpers.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace('connect');
});
afterEach(async () => {
  await ws.close();
});

/** The document with its server blocks taken out: what connect must leave alone. */
function withoutServers(client: Parameters<typeof clientInfo>[0], text: string): unknown {
  const doc = parseClientConfig(text, 'x', clientInfo(client).allowsComments);
  for (const block of findServerBlocks(client, doc, 'user')) {
    const parent = block.path.slice(0, -1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, doc);
    delete parent[block.path[block.path.length - 1]!];
  }
  return doc;
}

/** Line and block comments (not the // of URLs: a comment starts a line or follows a space). */
const commentsOf = (text: string) => [...text.matchAll(/(?:^|[ \t])(\/\/[^\n]*|\/\*[\s\S]*?\*\/)/gm)].map((m) => m[1]!);

describe('connect → disconnect round trip, every client format', () => {
  for (const fixture of CLIENT_FIXTURES) {
    test(`${fixture.client}: ${fixture.file}`, async () => {
      const file = await copyFixture(fixture.file, ws.dir);
      const original = await readFile(file);
      const { plan, result } = await connect(ws, fixture.client, file, { scope: fixture.scope });
      expect(result.wrote).toBe(true);
      const after = await readFile(file, 'utf8');

      // Every server now goes through Portcullis, to a registered server, with the client's grant token.
      const entries = await entriesIn(fixture.client, file);
      expect(entries.length).toBeGreaterThan(0);
      await ws.store.reload();
      const grant = ws.store.data.grants.find((g) => g.name === clientInfo(fixture.client).label)!;
      expect(grant).toBeDefined();
      for (const entry of entries) {
        expect(entry.portcullis?.serverId, entry.name).toBeDefined();
        expect(ws.store.server(entry.portcullis!.serverId!), entry.name).toBeDefined();
        expect(tokensIn(entry.raw).map(hashToken)).toContain(grant.tokenHash);
      }
      // Nothing else changed: other settings and every comment outside the rewritten entries.
      expect(withoutServers(fixture.client, after)).toEqual(withoutServers(fixture.client, original.toString('utf8')));
      const keptComments = commentsOf(original.toString('utf8')).filter((c) => !/my own server/.test(c)); // that one sat inside an entry
      for (const comment of keptComments) expect(after).toContain(comment);
      // The backup is the original, byte for byte, and the diff shows no secret.
      expect((await readFile(result.backup!)).equals(original)).toBe(true);
      expect(plan.diff).toMatch(/^--- .*\(before\)\n\+\+\+ .*\(after\)\n@@ /);
      expect(plan.diff).not.toMatch(/ghp_|BSA-|sntrys_|figd_|sk_test|tal_fixture|s3cret|pcg_/);

      const undo = await planDisconnect({ dataDir: ws.dataDir, client: fixture.client, file });
      expect(undo.mode).toBe('exact');
      await applyDisconnect(undo, { dataDir: ws.dataDir });
      expect((await readFile(file)).equals(original)).toBe(true);
      expect(await readConnections(ws.dataDir)).toEqual([]);
    });
  }
});

describe('the entries each client gets', () => {
  test('Claude Desktop (stdio only): portcullis connect through the absolute node and bin, token in env; --url when not the default', async () => {
    const file = await copyFixture('claude-desktop/claude_desktop_config.json', ws.dir);
    await connect(ws, 'claude-desktop', file, { baseUrl: 'http://127.0.0.1:9999' });
    const github = (await entriesIn('claude-desktop', file)).find((e) => e.name === 'github')!;
    expect(github.raw).toEqual({ command: '/usr/bin/node', args: ['/opt/portcullis/bin/portcullis.js', 'connect', 'github', '--url', 'http://127.0.0.1:9999'], env: { PORTCULLIS_TOKEN: expect.stringMatching(/^pcg_/) } });
  });

  test('URL formats: Claude Code and VS Code type+url, Cursor url, Windsurf serverUrl; disabled kept', async () => {
    const shapes: Record<string, Record<string, unknown>> = {};
    for (const [client, relative, name] of [
      ['claude-code', 'claude-code/project/.mcp.json', 'playwright'],
      ['vscode', 'vscode/mcp.json', 'perplexity'],
      ['cursor', 'cursor/mcp.json', 'context7'],
      ['windsurf', 'windsurf/mcp_config.json', 'git'],
    ] as const) {
      const file = await copyFixture(relative, ws.dir);
      await connect(ws, client, file);
      shapes[client] = (await entriesIn(client, file)).find((e) => e.name === name)!.raw;
    }
    const auth = { Authorization: expect.stringMatching(/^Bearer pcg_/) };
    expect(shapes['claude-code']).toEqual({ type: 'http', url: 'http://127.0.0.1:7337/mcp/playwright', headers: auth });
    expect(shapes.vscode).toEqual({ type: 'http', url: 'http://127.0.0.1:7337/mcp/perplexity', headers: auth });
    expect(shapes.cursor).toEqual({ url: 'http://127.0.0.1:7337/mcp/context7', headers: auth });
    expect(shapes.windsurf).toEqual({ serverUrl: 'http://127.0.0.1:7337/mcp/git', headers: auth, disabled: true });
  });

  test('--only routes the chosen entries and leaves the others as they were', async () => {
    const file = await copyFixture('windsurf/mcp_config.json', ws.dir);
    await connect(ws, 'windsurf', file, { only: ['talaria'] });
    const entries = await entriesIn('windsurf', file);
    expect(entries.map((e) => [e.name, e.portcullis !== undefined])).toEqual([['talaria', true], ['sequential-thinking', false], ['git', false]]);
  });
});

describe('grants: one per client', () => {
  test('connecting again changes nothing; a second file of the client reuses the token', async () => {
    const user = await copyFixture('claude-code/.claude.json', ws.dir);
    const project = await copyFixture('claude-code/project/.mcp.json', ws.dir);
    const first = await connect(ws, 'claude-code', user);
    expect(first.result.grant).toEqual({ name: 'Claude Code', action: 'created' });

    const again = await planConnect({ store: ws.store, client: 'claude-code', file: user, baseUrl: BASE_URL, launcher: LAUNCHER, dataDir: ws.dataDir });
    expect(again.changes).toBe(false);
    expect(again.diff).toBe('');

    const second = await connect(ws, 'claude-code', project, { scope: 'project' });
    expect(second.result.grant?.action).toBe('reused');
    expect(second.plan.notes.join()).toMatch(/project file, often committed/);
    const tokens = async (file: string) => (await entriesIn('claude-code', file)).flatMap((e) => tokensIn(e.raw));
    expect(new Set([...(await tokens(user)), ...(await tokens(project))]).size).toBe(1);
    expect(ws.store.data.grants.filter((g) => g.name === 'Claude Code')).toHaveLength(1);
  });

  test('an existing grant whose token is nowhere to be found gets a new token (rotated)', async () => {
    const { token: old } = await createGrant(ws.store, 'Cursor');
    const file = await copyFixture('cursor/mcp.json', ws.dir);
    const { result } = await connect(ws, 'cursor', file);
    expect(result.grant?.action).toBe('rotated');
    await ws.store.reload();
    const grant = ws.store.data.grants.find((g) => g.name === 'Cursor')!;
    expect(grant.tokenHash).not.toBe(hashToken(old));
    const written = (await entriesIn('cursor', file)).flatMap((e) => tokensIn(e.raw));
    expect(written.every((t) => hashToken(t) === grant.tokenHash)).toBe(true);
  });

  test('stale Portcullis entries get the current token; entries already registered are not imported twice', async () => {
    const file = path.join(ws.dir, 'claude_desktop_config.json');
    await writeFile(file, await readFile(path.join(FIXTURES, 'odd/already-connected.json')));
    await connect(ws, 'claude-desktop', file, { only: ['weather'] });
    // 'everything' and 'memory' are not registered, so their entries are left alone.
    const entries = await entriesIn('claude-desktop', file);
    expect(entries.find((e) => e.name === 'everything')!.raw.env).toEqual({ PORTCULLIS_TOKEN: 'pcg_stale_fixture_token' });
    expect(entries.find((e) => e.name === 'weather')!.portcullis).toEqual({ serverId: 'weather' });
    expect(ws.store.data.servers.map((s) => s.id)).toEqual(['weather']);
  });
});

describe('writes nothing when it should not', () => {
  const snapshot = async (file: string) => ({ file: await readFile(file).catch(() => null), servers: ws.store.data.servers.length, grants: ws.store.data.grants.length, backups: await backupsOf(ws.dataDir) });

  test('dry run (plan only): same file, no servers, no grant, no backup', async () => {
    const file = await copyFixture('vscode/settings.json', ws.dir);
    const before = await snapshot(file);
    const plan = await planConnect({ store: ws.store, client: 'vscode', file, baseUrl: BASE_URL, launcher: LAUNCHER });
    expect(plan.changes).toBe(true);
    expect(plan.diff).toContain('+\t\t\t\t"url": "http://127.0.0.1:7337/mcp/fetch",');
    await ws.store.reload();
    expect(await snapshot(file)).toEqual(before);
  });

  test('invalid JSON: a clear error and nothing written', async () => {
    const file = path.join(ws.dir, 'claude_desktop_config.json');
    await writeFile(file, await readFile(path.join(FIXTURES, 'odd/invalid.json')));
    const before = await snapshot(file);
    const error = await planConnect({ store: ws.store, client: 'claude-desktop', file, baseUrl: BASE_URL, launcher: LAUNCHER }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientConfigError);
    expect((error as Error).message).toMatch(/not valid JSON at line 5, column 7/);
    expect(await snapshot(file)).toEqual(before);
  });

  test('missing or empty file without servers to add: a clear error', async () => {
    const missing = path.join(ws.dir, 'nope', 'mcp.json');
    await expect(planConnect({ store: ws.store, client: 'cursor', file: missing, baseUrl: BASE_URL, launcher: LAUNCHER })).rejects.toThrow(/there is no Cursor config at .*nothing to connect/);
    const empty = await copyFixture('odd/empty.json', ws.dir);
    await expect(planConnect({ store: ws.store, client: 'cursor', file: empty, baseUrl: BASE_URL, launcher: LAUNCHER })).rejects.toThrow(/has no MCP servers to route through Portcullis/);
    expect(await backupsOf(ws.dataDir)).toEqual([]);
  });

  test('the file changed between plan and apply: refused', async () => {
    const file = await copyFixture('windsurf/mcp_config.json', ws.dir);
    const plan = await planConnect({ store: ws.store, client: 'windsurf', file, baseUrl: BASE_URL, launcher: LAUNCHER });
    await writeFile(file, '{"mcpServers": {}}\n');
    const { applyConnect } = await import('../../../electron/gateway/clients/connect-client.js');
    await expect(applyConnect(plan, { store: ws.store, dataDir: ws.dataDir })).rejects.toThrow(/changed after the diff was made/);
    expect(await readFile(file, 'utf8')).toBe('{"mcpServers": {}}\n');
    expect(ws.store.data.servers).toEqual([]);
  });
});

describe('file modes', () => {
  test('a 0644 client config that gets a token is made 0600; a stricter one (0400) stays as it was', async () => {
    await ws.store.update((d) => void d.servers.push({ id: 'demo-odoo', upstream: { transport: 'stdio', command: 'node', args: ['x'], env: {} }, addedAt: '' }));
    const file = path.join(ws.dir, 'modes', '.cursor', 'mcp.json');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '{"mcpServers": {}}\n', { mode: 0o644 });
    await connect(ws, 'cursor', file, { add: ['demo-odoo'] });
    expect((await lstat(file)).mode & 0o777).toBe(0o600);
    const strict = path.join(ws.dir, 'strict', '.cursor', 'mcp.json');
    await mkdir(path.dirname(strict), { recursive: true });
    await writeFile(strict, '{"mcpServers": {}}\n', { mode: 0o400 });
    await connect(ws, 'cursor', strict, { add: ['demo-odoo'] });
    expect((await lstat(strict)).mode & 0o777).toBe(0o400);
  });
});

describe('adding Portcullis servers (--servers)', () => {
  test('to a missing file: created, and disconnect removes it', async () => {
    await ws.store.update((d) => void d.servers.push({ id: 'demo-odoo', upstream: { transport: 'stdio', command: 'node', args: ['x'], env: {} }, addedAt: '' }));
    const file = path.join(ws.dir, 'fresh', '.cursor', 'mcp.json');
    const { result } = await connect(ws, 'cursor', file, { add: ['demo-odoo'] });
    expect(result.backup).toBeUndefined();
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(written.mcpServers)).toEqual(['demo-odoo']);
    expect((await lstat(file)).mode & 0o077).toBe(0); // holds a token: owner only
    await applyDisconnect(await planDisconnect({ dataDir: ws.dataDir, client: 'cursor', file }), { dataDir: ws.dataDir });
    await expect(lstat(file)).rejects.toThrow(/ENOENT/);
  });

  test('to an empty or blank file: disconnect gives back exactly that file', async () => {
    await ws.store.update((d) => void d.servers.push({ id: 'demo-odoo', upstream: { transport: 'stdio', command: 'node', args: ['x'], env: {} }, addedAt: '' }));
    for (const blank of ['', '  \n\n']) {
      const file = path.join(ws.dir, `${blank.length}`, 'claude_desktop_config.json');
      await mkdir(path.dirname(file));
      await writeFile(file, blank);
      await connect(ws, 'claude-desktop', file, { add: ['demo-odoo'] });
      const written = await readFile(file, 'utf8');
      expect(written).toMatch(/^\{\n {2}"mcpServers": \{\n[\s\S]*\}\n$/);
      expect(JSON.parse(written).mcpServers['demo-odoo'].args).toEqual([...LAUNCHER.args, 'connect', 'demo-odoo']);
      await applyDisconnect(await planDisconnect({ dataDir: ws.dataDir, client: 'claude-desktop', file }), { dataDir: ws.dataDir });
      expect(await readFile(file, 'utf8')).toBe(blank);
    }
  });

  test('an unknown server id is refused', async () => {
    const file = await copyFixture('cursor/mcp.json', ws.dir);
    await expect(planConnect({ store: ws.store, client: 'cursor', file, baseUrl: BASE_URL, launcher: LAUNCHER, add: ['ghost'] })).rejects.toThrow(/no server named 'ghost' is registered/);
  });
});

describe('file details survive', () => {
  test('CRLF line endings, a byte-order mark and tabs are kept, and the round trip is exact', async () => {
    const file = path.join(ws.dir, 'mcp.json');
    const text = '\uFEFF{\r\n\t// tabs and CRLF\r\n\t"servers": {\r\n\t\t"fetch": { "type": "stdio", "command": "uvx", "args": ["mcp-server-fetch"] }\r\n\t}\r\n}\r\n';
    await writeFile(file, text);
    const original = await readFile(file);
    await connect(ws, 'vscode', file);
    const after = await readFile(file, 'utf8');
    expect(after.startsWith('\uFEFF{\r\n\t// tabs and CRLF')).toBe(true);
    expect(after.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(after).toMatch(/\r\n\t\t\t"url": "http:\/\/127\.0\.0\.1:7337\/mcp\/fetch"/);
    await applyDisconnect(await planDisconnect({ dataDir: ws.dataDir, client: 'vscode', file }), { dataDir: ws.dataDir });
    expect((await readFile(file)).equals(original)).toBe(true);
  });

  test('a symlinked config is written through the link', async () => {
    const real = await copyFixture('windsurf/mcp_config.json', ws.dir);
    const link = path.join(ws.dir, 'linked.json');
    await symlink(real, link);
    await connect(ws, 'windsurf', link);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, 'utf8')).toContain('/mcp/talaria');
  });
});
