// Disconnect when the file changed after connect: only the entries Portcullis rewrote come
// back; every other edit (the person's or the client's own) stays.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ClientConfigError } from '../../../electron/gateway/clients/config-file.js';
import { readConnections } from '../../../electron/gateway/clients/connection-records.js';
import { applyDisconnect, planDisconnect } from '../../../electron/gateway/clients/disconnect-client.js';
import { copyFixture } from './fixtures.js';
import { backupsOf, connect, workspace, type Workspace } from './helpers.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace('disconnect');
});
afterEach(async () => {
  await ws.close();
});

const edit = (text: string, from: string, to: string) => {
  expect(text).toContain(from);
  return text.replace(from, to);
};

describe('the file changed since connect', () => {
  test('an unrelated edit is kept; the entries come back with their own comments', async () => {
    const file = await copyFixture('cursor/mcp.json', ws.dir);
    const original = await readFile(file, 'utf8');
    await connect(ws, 'cursor', file);
    const userEdit = (text: string) => edit(text, '    // Servers for every Cursor workspace.\n', '    // Servers for every Cursor workspace.\n    "telemetry": false, // added by hand later\n');
    await writeFile(file, userEdit(await readFile(file, 'utf8')));

    const plan = await planDisconnect({ dataDir: ws.dataDir, client: 'cursor', file });
    expect(plan.mode).toBe('entries');
    expect(plan.restored).toBe(4);
    expect(plan.notes[0]).toMatch(/changed since Portcullis connected it, so only the MCP entries Portcullis rewrote were restored and your other edits were kept\. The file as it was before connect is kept at .*backups/);
    await applyDisconnect(plan, { dataDir: ws.dataDir });
    expect(await readFile(file, 'utf8')).toBe(userEdit(original));
  });

  test('the client rewrote the whole file (reformatted, counters bumped): its changes stay, the entries come back', async () => {
    const file = await copyFixture('claude-code/.claude.json', ws.dir);
    const original = JSON.parse(await readFile(file, 'utf8'));
    await connect(ws, 'claude-code', file);
    const doc = JSON.parse(await readFile(file, 'utf8'));
    doc.numStartups = 215;
    await writeFile(file, JSON.stringify(doc, null, 4)); // a different indent, no final newline

    await applyDisconnect(await planDisconnect({ dataDir: ws.dataDir, client: 'claude-code', file }), { dataDir: ws.dataDir });
    const restored = JSON.parse(await readFile(file, 'utf8'));
    expect(restored).toEqual({ ...original, numStartups: 215 });
  });

  test('an entry changed or removed since connect is left as the person left it, and said so', async () => {
    const file = await copyFixture('windsurf/mcp_config.json', ws.dir);
    await connect(ws, 'windsurf', file);
    const doc = JSON.parse(await readFile(file, 'utf8'));
    doc.mcpServers.talaria.serverUrl = 'https://elsewhere.example.com/mcp';
    delete doc.mcpServers.git;
    await writeFile(file, JSON.stringify(doc, null, 2) + '\n');

    const plan = await planDisconnect({ dataDir: ws.dataDir, client: 'windsurf', file });
    expect(plan.leftAlone).toEqual(['talaria: changed since connect, so kept as it is now', 'git: removed since connect, so not put back']);
    await applyDisconnect(plan, { dataDir: ws.dataDir });
    const after = JSON.parse(await readFile(file, 'utf8'));
    expect(after.mcpServers.talaria.serverUrl).toBe('https://elsewhere.example.com/mcp');
    expect(after.mcpServers['sequential-thinking']).toEqual({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-sequential-thinking'], env: {} });
    expect(after.mcpServers.git).toBeUndefined();
  });

  test('entries added with --servers are removed', async () => {
    await ws.store.update((d) => void d.servers.push({ id: 'demo-odoo', upstream: { transport: 'stdio', command: 'node', args: ['x'], env: {} }, addedAt: '' }));
    const file = await copyFixture('claude-code/project/.mcp.json', ws.dir);
    await connect(ws, 'claude-code', file, { add: ['demo-odoo'] });
    await writeFile(file, (await readFile(file, 'utf8')) + ' '); // any change at all
    await applyDisconnect(await planDisconnect({ dataDir: ws.dataDir, client: 'claude-code', file }), { dataDir: ws.dataDir });
    const after = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(after.mcpServers)).toEqual(['playwright', 'db']);
    expect(after.mcpServers.playwright).toEqual({ command: 'npx', args: ['@playwright/mcp@latest'] });
  });

  test('changed before a second connect: no byte-for-byte restore afterwards, the edit survives', async () => {
    await ws.store.update((d) => void d.servers.push({ id: 'demo-odoo', upstream: { transport: 'stdio', command: 'node', args: ['x'], env: {} }, addedAt: '' }));
    const file = await copyFixture('claude-desktop/claude_desktop_config.json', ws.dir);
    await connect(ws, 'claude-desktop', file);
    await writeFile(file, edit(await readFile(file, 'utf8'), '"Ctrl+Space"', '"Alt+Space"'));
    await connect(ws, 'claude-desktop', file, { add: ['demo-odoo'] });
    const [record] = await readConnections(ws.dataDir);
    expect(record!.exact).toBe(false);
    const plan = await planDisconnect({ dataDir: ws.dataDir, client: 'claude-desktop', file });
    expect(plan.mode).toBe('entries');
    await applyDisconnect(plan, { dataDir: ws.dataDir });
    const after = JSON.parse(await readFile(file, 'utf8'));
    expect(after.globalShortcut).toBe('Alt+Space');
    expect(Object.keys(after.mcpServers)).toEqual(['filesystem', 'github', 'Brave Search', 'postgres']);
    expect(after.mcpServers.github.env).toEqual({ GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_FAKEfixtureToken0123456789abcdefABCD' });
  });
});

describe('refusals and safety', () => {
  test('not connected, wrong client, file gone: clear errors', async () => {
    const file = await copyFixture('windsurf/mcp_config.json', ws.dir);
    await expect(planDisconnect({ dataDir: ws.dataDir, client: 'windsurf', file })).rejects.toThrow(/no record of connecting/);
    await connect(ws, 'windsurf', file);
    await expect(planDisconnect({ dataDir: ws.dataDir, client: 'cursor', file })).rejects.toThrow(/was connected as windsurf, not cursor/);
    await rm(file);
    await expect(planDisconnect({ dataDir: ws.dataDir, client: 'windsurf', file })).rejects.toThrow(/no longer exists.*the original is kept at .*backups/);
  });

  test('a file broken since connect: a clear error, nothing written', async () => {
    const file = await copyFixture('windsurf/mcp_config.json', ws.dir);
    await connect(ws, 'windsurf', file);
    await writeFile(file, '{ "mcpServers": ');
    const backups = await backupsOf(ws.dataDir);
    await expect(planDisconnect({ dataDir: ws.dataDir, client: 'windsurf', file })).rejects.toBeInstanceOf(ClientConfigError);
    expect(await readFile(file, 'utf8')).toBe('{ "mcpServers": ');
    expect(await backupsOf(ws.dataDir)).toEqual(backups);
  });

  test('plan alone writes nothing; apply backs up the file it replaces', async () => {
    const file = await copyFixture('windsurf/mcp_config.json', ws.dir);
    await connect(ws, 'windsurf', file);
    const connected = await readFile(file);
    const plan = await planDisconnect({ dataDir: ws.dataDir, client: 'windsurf', file });
    expect(plan.diff).toMatch(/^-\s+"serverUrl": "http:\/\/127\.0\.0\.1:7337\/mcp\/talaria",$/m);
    expect(plan.diff).not.toMatch(/pcg_|tal_fixture/);
    expect((await readFile(file)).equals(connected)).toBe(true);
    const result = await applyDisconnect(plan, { dataDir: ws.dataDir });
    expect((await readFile(result.backup)).equals(connected)).toBe(true);
  });
});
