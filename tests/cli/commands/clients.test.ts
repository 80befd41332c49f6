// portcullis clients list|connect|disconnect, run as a user would, against a fake home; and
// the demo end to end: the configs connect writes really reach the demo through `serve`.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runCli, startServe } from '../../helpers/cli.js';
import { connectHttpClient, textOf } from '../../helpers/sdk-client.js';
import { fakeHome, type FakeHome } from '../../gateway/clients/fake-home.js';
import { EVERYTHING_ENTRY } from '../../helpers/everything.js';

let fake: FakeHome;
beforeEach(async () => {
  fake = await fakeHome();
});
afterEach(async () => {
  await fake.remove();
});

// list and connect look at the fake project folder too; disconnect and demo take no --project.
const cli = (args: string[]) => runCli(['list', 'connect'].includes(args[1] ?? '') ? [...args, '--project', fake.project] : args, { dataDir: fake.dataDir, env: fake.env });
const grants = async () => JSON.parse((await runCli(['grant', 'list', '--json'], { dataDir: fake.dataDir })).stdout || '[]').map((g: { name: string }) => g.name);

describe('portcullis clients', () => {
  test('list → connect → list → disconnect: the original comes back byte for byte', async () => {
    const list = await cli(['clients', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^CLIENT\s+SCOPE\s+FILE\s+SERVERS\s+STATUS/);
    expect(list.stdout).toMatch(/vscode\s+user\s+\S+\/Code\/User\/settings\.json\s+2\s+not connected/);
    expect(list.stdout).toMatch(/claude-code\s+project\s+\S+\/project\/\.mcp\.json\s+2\s+not connected/);

    const original = await readFile(fake.files.vscodeMcp);
    const connect = await cli(['clients', 'connect', 'vscode']);
    expect(connect.code, connect.stderr).toBe(0);
    expect(connect.stdout).toMatch(/^--- .*\/Code\/User\/mcp\.json \(before\)/); // the user mcp.json is the default for VS Code
    expect(connect.stdout).not.toMatch(/pcg_/);
    expect(connect.stderr).toMatch(/Backed up the original to .*backups\/vscode\//);
    expect(connect.stderr).toMatch(/Created the grant 'VS Code'/);
    expect(connect.stderr).toMatch(/Connected VS Code: 3 servers now go through Portcullis/);
    const written = await readFile(fake.files.vscodeMcp, 'utf8');
    expect(written).toContain('// User-level MCP servers (MCP: Open User Configuration)');
    expect(written).toMatch(/"url": "http:\/\/127\.0\.0\.1:7337\/mcp\/perplexity"/);
    expect(await grants()).toEqual(['VS Code']);
    expect((await cli(['clients', 'list'])).stdout).toMatch(/vscode\s+user\s+\S+\/Code\/User\/mcp\.json\s+3\s+connected/);

    const disconnect = await cli(['clients', 'disconnect', 'vscode']);
    expect(disconnect.code, disconnect.stderr).toBe(0);
    expect(disconnect.stderr).toMatch(/restored byte for byte/);
    expect((await readFile(fake.files.vscodeMcp)).equals(original)).toBe(true);
  });

  test('--dry-run prints the diff and writes nothing', async () => {
    const before = await readFile(fake.files.windsurf);
    const result = await cli(['clients', 'connect', 'windsurf', '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\+\s+"serverUrl": "http:\/\/127\.0\.0\.1:7337\/mcp\/talaria",$/m);
    expect(result.stdout).not.toMatch(/tal_fixture/);
    expect(result.stderr).toMatch(/Dry run: nothing was written, imported or issued/);
    expect((await readFile(fake.files.windsurf)).equals(before)).toBe(true);
    expect(await grants()).toEqual([]);
  });

  test('errors: unknown client, not connected, invalid file, bad --url; nothing written', async () => {
    await writeFile(fake.files.cursor, '{ "mcpServers": { "a": { "command": "x" } ');
    const broken = await readFile(fake.files.cursor);
    const cases: [string[], RegExp][] = [
      [['clients', 'connect', 'zed'], /unknown client 'zed'/],
      [['clients', 'disconnect', 'cursor'], /cursor is not connected to Portcullis/],
      [['clients', 'connect', 'cursor'], /mcp\.json is not valid JSON at line 1, column \d+: .*Nothing was changed\./],
      [['clients', 'connect', 'windsurf', '--url', 'ftp://127.0.0.1'], /--url 'ftp:\/\/127\.0\.0\.1' must be an http/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr).toMatch(message);
    }
    expect((await readFile(fake.files.cursor)).equals(broken)).toBe(true);
    expect(await grants()).toEqual([]);
  });
});

describe('the port the gateway really listens on', () => {
  test('connect (no --url) writes the running gateway\'s port, says the server has no policy, and the bridge (no --url) reaches it', async () => {
    expect((await runCli(['server', 'add', 'everything', '--', process.execPath, EVERYTHING_ENTRY, 'stdio'], { dataDir: fake.dataDir })).code).toBe(0);
    const serve = await startServe(fake.dataDir);
    try {
      expect(new URL(serve.url).port).not.toBe('7337');
      const cursorFile = path.join(fake.root, 'shop', '.cursor', 'mcp.json');
      const cursor = await cli(['clients', 'connect', 'cursor', '--file', cursorFile, '--servers', 'everything']);
      expect(cursor.code, cursor.stderr).toBe(0);
      expect(JSON.parse(await readFile(cursorFile, 'utf8')).mcpServers.everything.url).toBe(`${serve.url}/mcp/everything`);
      expect(cursor.stderr).toMatch(/everything has no policy, so every call to it is denied and the client sees no tools/);

      const desktopFile = path.join(fake.root, 'Claude', 'claude_desktop_config.json');
      expect((await cli(['clients', 'connect', 'claude-desktop', '--file', desktopFile, '--servers', 'everything'])).code).toBe(0);
      const bridge = JSON.parse(await readFile(desktopFile, 'utf8')).mcpServers.everything;
      expect(bridge.args.slice(-2)).toEqual(['--url', serve.url]);
      // The bridge started by hand, without --url, finds the running gateway through the data directory.
      const stdio = new Client({ name: 'bridge-without-url', version: '1.0.0' });
      const args = [...bridge.args.slice(0, -2), '--data-dir', fake.dataDir];
      await stdio.connect(new StdioClientTransport({ command: bridge.command, args, env: { ...bridge.env, PATH: process.env.PATH ?? '' }, stderr: 'pipe' }));
      expect((await stdio.listTools()).tools).toEqual([]); // reached, and denied: no policy lists nothing
      await stdio.close();
    } finally {
      await serve.stop();
    }
  });
});

describe('the demo, connected', () => {
  test('demo + serve: an HTTP client (Cursor config) and a stdio client (Claude Desktop config) reach demo-odoo with what connect wrote', async () => {
    expect((await cli(['demo'])).code).toBe(0);
    const serve = await startServe(fake.dataDir, ['--demo']);
    try {
      // serve --demo says how a client gets a token, not only where the endpoint is.
      await expect.poll(() => serve.output(), { timeout: 20_000 }).toMatch(/portcullis grant create "My client"/);
      expect(serve.output()).toMatch(/UI: http:\/\/127\.0\.0\.1:\d+\/login\?token=/);
      const cursorFile = path.join(fake.root, 'shop', '.cursor', 'mcp.json');
      const cursor = await cli(['clients', 'connect', 'cursor', '--file', cursorFile, '--servers', 'demo-odoo', '--url', serve.url]);
      expect(cursor.code, cursor.stderr).toBe(0);
      const entry = JSON.parse(await readFile(cursorFile, 'utf8')).mcpServers['demo-odoo'];
      expect(entry.url).toBe(`${serve.url}/mcp/demo-odoo`);
      const http = await connectHttpClient(entry.url, entry.headers);
      expect((await http.listTools()).tools.map((t) => t.name)).toContain('odoo_search_read');
      expect(JSON.parse(textOf(await http.callTool({ name: 'odoo_search_count', arguments: { model: 'res.partner' } })))).toBe(5);
      await http.close();

      const desktopFile = path.join(fake.root, 'Claude', 'claude_desktop_config.json');
      const desktop = await cli(['clients', 'connect', 'claude-desktop', '--file', desktopFile, '--servers', 'demo-odoo', '--url', serve.url]);
      expect(desktop.code, desktop.stderr).toBe(0);
      const bridge = JSON.parse(await readFile(desktopFile, 'utf8')).mcpServers['demo-odoo'];
      expect(bridge.command).toBe(process.execPath);
      expect(bridge.args).toEqual([path.resolve('bin/portcullis.js'), 'connect', 'demo-odoo', '--url', serve.url]);
      const stdio = new Client({ name: 'claude-desktop-stand-in', version: '1.0.0' });
      await stdio.connect(new StdioClientTransport({ command: bridge.command, args: bridge.args, env: { ...bridge.env, PATH: process.env.PATH ?? '' }, stderr: 'pipe' }));
      const unlink = await stdio.callTool({ name: 'odoo_unlink', arguments: { model: 'res.partner', ids: [7] } });
      expect(unlink.isError).toBe(true);
      expect(textOf(unlink)).toMatch(/Deleting records is not allowed for agents/);
      await stdio.close();
      expect(await grants()).toEqual(['Cursor', 'Claude Desktop']);
    } finally {
      await serve.stop();
    }
  });
});
