// portcullis import, run as a user would, against a fake home holding every client's config.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FIXTURES } from '../../gateway/clients/fixtures.js';
import { fakeHome, type FakeHome } from '../../gateway/clients/fake-home.js';

const SECRETS = /ghp_|BSA-|sntrys_|figd_|tal_fixture|s3cret-pw/;

let fake: FakeHome;
beforeEach(async () => {
  fake = await fakeHome();
});
afterEach(async () => {
  await fake.remove();
});

const cli = (args: string[]) => runCli([...args, '--project', fake.project], { dataDir: fake.dataDir, env: fake.env });
const serverIds = async () => JSON.parse((await runCli(['server', 'list', '--json'], { dataDir: fake.dataDir })).stdout || '[]').map((s: { id: string }) => s.id);

describe('portcullis import', () => {
  test('--dry-run scans every client: a table with env and header names, never their values; nothing imported', async () => {
    const result = await cli(['import', '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^SOURCE\s+NAME\s+ID\s+TRANSPORT\s+TARGET\s+ENV\/HEADERS\s+ACTION/);
    for (const row of [/claude-desktop \(user\)\s+Brave Search\s+brave-search\s+stdio/, /claude-code \(local: \/home\/alice\/code\/shop\)\s+sentry\s+sentry\s+http/, /cursor \(user\)\s+figma\s+figma\s+http .*header X-Figma-Token/, /windsurf \(user\)\s+talaria/, /vscode \(user\)\s+perplexity/, /claude-code \(project\)\s+playwright/]) {
      expect(result.stdout).toMatch(row);
    }
    expect(result.stdout).toMatch(/env GITHUB_PERSONAL_ACCESS_TOKEN/);
    expect(result.stdout + result.stderr).not.toMatch(SECRETS);
    expect(result.stderr).toMatch(/note: local-tools: its envFile/);
    expect(result.stderr).toMatch(/Dry run: nothing was imported/);
    expect(await serverIds()).toEqual([]);
  });

  test('one client, --only: registers those servers with their env and headers; a second run adds nothing', async () => {
    const result = await cli(['import', 'cursor', '--only', 'figma,context7']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Imported 2 servers: context7, figma\./);
    const config = JSON.parse(await readFile(path.join(fake.dataDir, 'config.json'), 'utf8'));
    expect(config.servers.find((s: { id: string }) => s.id === 'figma').upstream).toEqual({ transport: 'http', url: 'https://mcp.figma.com/mcp', headers: { 'X-Figma-Token': 'figd_fixtureSecret' } });

    const again = await cli(['import', 'cursor', '--only', 'figma']);
    expect(again.stdout).toMatch(/figma\s+figma\s+http .*skip: already registered as 'figma'/);
    expect(again.stderr).toMatch(/Nothing new to import/);
    expect(await serverIds()).toEqual(['context7', 'figma']);
  });

  test('--json lists names of env and headers only', async () => {
    const result = await cli(['import', 'claude-code', '--json', '--dry-run']);
    const plan = JSON.parse(result.stdout);
    expect(plan.find((p: { name: string }) => p.name === 'shop-db')).toMatchObject({ client: 'claude-code', scope: 'local', project: '/home/alice/code/shop', id: 'shop-db', transport: 'stdio', env: ['DATABASE_URL'], action: 'import' });
    expect(result.stdout).not.toMatch(SECRETS);
  });

  test('--file: the client is told from the file name; entries already going through Portcullis are skipped', async () => {
    const file = path.join(fake.root, 'claude_desktop_config.json');
    await writeFile(file, await readFile(path.join(FIXTURES, 'odd/already-connected.json')));
    const result = await cli(['import', '--file', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/everything\s+everything\s+stdio .*skip: already goes through Portcullis \(server 'everything'\)/);
    expect(await serverIds()).toEqual(['weather']);
  });

  test('bad input: clear errors, non-zero exit, nothing imported', async () => {
    const invalid = path.join(fake.root, 'claude_desktop_config.json');
    await writeFile(invalid, await readFile(path.join(FIXTURES, 'odd/invalid.json')));
    const cases: [string[], RegExp][] = [
      [['import', '--file', invalid], /claude_desktop_config\.json is not valid JSON at line 5, column 7: a comma is missing\. Nothing was changed\.\nNothing was imported\./],
      [['import', '--file', path.join(fake.root, 'servers.json')], /cannot tell which client .*servers\.json belongs to/],
      [['import', 'cursor', '--file', path.join(fake.root, 'nope.json')], /there is no file at .*nope\.json/],
      [['import', 'zed'], /unknown client 'zed': use claude-desktop, claude-code, cursor, vscode or windsurf/],
      [['import', 'cursor', '--only', 'ghost'], /no server named 'ghost' was found \(found: context7, figma, legacy-events, local-dev\)/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr).toMatch(message);
    }
    // A scan that meets a broken file imports nothing at all.
    await writeFile(fake.files.windsurf, '{ "mcpServers": { ');
    const scan = await cli(['import']);
    expect(scan.code).toBe(1);
    expect(scan.stderr).toMatch(/mcp_config\.json is not valid JSON .*\nNothing was imported\. Fix the file, or name a client or a file/);
    expect(await serverIds()).toEqual([]);
  });
});
