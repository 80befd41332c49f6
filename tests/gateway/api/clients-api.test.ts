// The clients Api on a real core listening on a free port, against a fake home: list, import
// (preview, then all or nothing), connect (diff, backup, grant, the real port, an absolute
// bridge command), disconnect (byte for byte).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { PortcullisApi } from '../../../shared/api.js';
import { ApiError } from '../../../shared/api-error.js';
import { actingAs } from '../../../electron/gateway/api/call-api.js';
import { createCoreApi } from '../../../electron/gateway/api/core-api.js';
import { Portcullis } from '../../../electron/gateway/portcullis.js';
import { fakeHome, type FakeHome } from '../clients/fake-home.js';

let fake: FakeHome;
let app: Portcullis;
let api: PortcullisApi;

beforeEach(async () => {
  fake = await fakeHome();
  app = await Portcullis.start({ dataDir: fake.dataDir, port: 0, host: '127.0.0.1', superviseUpstreams: false });
  const locations = (projectDir: string | undefined) => ({ platform: 'linux' as const, env: fake.env, home: fake.home, ...(projectDir ? { projectDir } : {}) });
  api = actingAs(createCoreApi(app, 'headless', { clients: { locations } }), 'app');
});
afterEach(async () => {
  await app.close();
  await fake.remove();
});

const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as ApiError);

describe('listClients', () => {
  test('every supported client, its files and entries, and the port the gateway really listens on', async () => {
    const overview = await api.listClients({ project: fake.project });
    expect(overview.clients.map((c) => c.client)).toEqual(['claude-desktop', 'claude-code', 'cursor', 'vscode', 'windsurf']);
    expect(overview.listening).toBe(true);
    expect(overview.gatewayUrl).toBe(`http://127.0.0.1:${app.gateway.port}`);
    expect(app.gateway.port).not.toBe(7337);
    expect(path.isAbsolute(overview.bridge.command)).toBe(true);
    expect(overview.bridge.args[0]).toMatch(/bin\/portcullis\.js$/);
    const cursor = overview.clients.find((c) => c.client === 'cursor')!;
    expect(cursor.installed).toBe(true);
    expect(cursor.defaultFile).toBe(fake.files.cursor);
    expect(cursor.files[0]!.entries.map((e) => e.name)).toEqual(['context7', 'figma', 'legacy-events', 'local-dev']);
    expect(cursor.files[0]!.connected).toBe(false);
  });
});

describe('importServers', () => {
  test('preview lists what it found with secrets masked and registers nothing; apply registers all of it', async () => {
    const preview = await api.importServers({ mode: 'preview', client: 'cursor' });
    expect(preview.applied).toBe(false);
    expect(preview.items.filter((i) => i.action === 'import').map((i) => i.serverId)).toEqual(['context7', 'figma', 'legacy-events', 'local-dev']);
    expect(JSON.stringify(preview)).not.toContain('figd_fixtureSecret');
    expect(preview.items.find((i) => i.name === 'figma')!.secrets).toEqual(['header X-Figma-Token']);
    expect((await api.listServers({})).length).toBe(0);

    const applied = await api.importServers({ mode: 'apply', client: 'cursor', only: ['context7', 'figma'] });
    expect(applied.imported).toEqual(['context7', 'figma']);
    const servers = await api.listServers({});
    expect(servers.map((s) => s.config.id)).toEqual(['context7', 'figma']);
    expect(servers.every((s) => s.policy.source === 'default')).toBe(true);
  });

  test('a file that does not parse stops the whole import, naming line and column', async () => {
    await writeFile(fake.files.windsurf, '{ "mcpServers": { ');
    const error = await refusal(api.importServers({ mode: 'apply' }));
    expect(error?.code).toBe('invalid-input');
    expect(error?.message).toMatch(/mcp_config\.json is not valid JSON at line 1/);
    expect((await api.listServers({})).length).toBe(0);
  });
});

describe('connectClient / disconnectClient', () => {
  test('preview → apply writes the real port, backs up, issues a grant, says what has no policy; disconnect restores byte for byte', async () => {
    const original = await readFile(fake.files.cursor);
    const preview = await api.connectClient({ mode: 'preview', client: 'cursor', only: ['context7'] });
    expect(preview.applied).toBe(false);
    expect(preview.diff).toContain(`http://127.0.0.1:${app.gateway.port}/mcp/context7`);
    expect(preview.unpoliced).toEqual(['context7']);
    expect((await readFile(fake.files.cursor)).equals(original)).toBe(true);

    const applied = await api.connectClient({ mode: 'apply', client: 'cursor', only: ['context7'], expectSha256: preview.beforeSha256 });
    expect(applied.applied).toBe(true);
    expect(applied.grant).toEqual({ name: 'Cursor', action: 'created' });
    expect(applied.imported).toEqual(['context7']);
    expect(applied.unpoliced).toEqual(['context7']);
    expect(await readFile(applied.backup!)).toEqual(original);
    const written = await readFile(fake.files.cursor, 'utf8');
    expect(written).toContain(`"url": "http://127.0.0.1:${app.gateway.port}/mcp/context7"`);
    expect(written).toContain('// Servers for every Cursor workspace.');

    const listed = (await api.listClients({})).clients.find((c) => c.client === 'cursor')!;
    expect(listed.files[0]!.connected).toBe(true);
    expect(listed.unpoliced).toEqual(['context7']);
    await api.savePolicy({ serverId: 'context7', text: '{ "version": "1", "default": "allow" }' });
    expect((await api.listClients({})).clients.find((c) => c.client === 'cursor')!.unpoliced).toEqual([]);

    const undo = await api.disconnectClient({ mode: 'preview', client: 'cursor' });
    expect(undo.mode).toBe('exact');
    expect((await readFile(fake.files.cursor, 'utf8'))).toBe(written);
    const done = await api.disconnectClient({ mode: 'apply', client: 'cursor', expectSha256: undo.currentSha256 });
    expect(done.applied).toBe(true);
    expect((await readFile(fake.files.cursor)).equals(original)).toBe(true);
  });

  test('Claude Desktop gets this install\'s CLI by absolute path, with the real port', async () => {
    const applied = await api.connectClient({ mode: 'apply', client: 'claude-desktop' });
    const doc = JSON.parse(await readFile(fake.files.claudeDesktop, 'utf8')) as { mcpServers: Record<string, { command: string; args: string[] }> };
    const entry = Object.values(doc.mcpServers)[0]!;
    expect(path.isAbsolute(entry.command)).toBe(true);
    expect(entry.args[0]).toMatch(/bin\/portcullis\.js$/);
    expect(entry.args.slice(-2)).toEqual(['--url', `http://127.0.0.1:${app.gateway.port}`]);
    expect(applied.applied).toBe(true);
  });

  test('apply refuses when the file changed after the preview, and writes nothing', async () => {
    const preview = await api.connectClient({ mode: 'preview', client: 'windsurf' });
    await writeFile(fake.files.windsurf, `${await readFile(fake.files.windsurf, 'utf8')}\n`);
    const changed = await readFile(fake.files.windsurf);
    const error = await refusal(api.connectClient({ mode: 'apply', client: 'windsurf', expectSha256: preview.beforeSha256 }));
    expect(error?.code).toBe('conflict');
    expect((await readFile(fake.files.windsurf)).equals(changed)).toBe(true);
    expect((await api.listGrants({})).length).toBe(0);
  });

  test('disconnecting a client that was never connected is not-found', async () => {
    const error = await refusal(api.disconnectClient({ mode: 'preview', client: 'vscode' }));
    expect(error?.code).toBe('not-found');
  });

  test('bad input is refused at the door with its path', async () => {
    const error = await refusal(api.connectClient({ mode: 'apply', client: 'notepad' as 'cursor' }));
    expect(error?.code).toBe('invalid-input');
    expect(error?.message).toMatch(/client/);
    const relative = await refusal(api.importServers({ mode: 'preview', file: 'relative.json' }));
    expect(relative?.message).toMatch(/file: an absolute path/);
  });
});
