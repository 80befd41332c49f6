// `portcullis server add|list|remove`, run as a user would: exact DESIGN.md syntax, stdout/stderr, exit codes.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { EVERYTHING_ENTRY } from '../../helpers/gateway.js';
import { useTempDirForFile } from '../../helpers/temp-dir.js';

const tmp = useTempDirForFile('portcullis-cli-server-');

describe('server add|list|remove', () => {
  test('stdio and URL servers, listed as a table and as JSON with secrets masked', async () => {
    const add = await runCli(['server', 'add', 'everything', '--env', 'API_KEY=s3cret', '--', process.execPath, EVERYTHING_ENTRY, 'stdio'], { dataDir: tmp.path });
    expect(add.code).toBe(0);
    const addUrl = await runCli(['server', 'add', 'remote', '--url', 'http://127.0.0.1:9/mcp', '--header', 'X-Api-Key: hidden'], { dataDir: tmp.path });
    expect(addUrl.code).toBe(0);
    const addSse = await runCli(['server', 'add', 'legacy', '--url', 'http://127.0.0.1:9/sse', '--sse'], { dataDir: tmp.path });
    expect(addSse.code).toBe(0);

    const table = await runCli(['server', 'list'], { dataDir: tmp.path });
    expect(table.stdout).toMatch(/^ID\s+TRANSPORT\s+STATUS\s+TARGET/);
    expect(table.stdout).toMatch(/everything\s+stdio\s+-/);
    expect(table.stdout).toMatch(/remote\s+http\s+-\s+http:\/\/127\.0\.0\.1:9\/mcp/);
    expect(table.stdout).toMatch(/legacy\s+sse/);
    expect(table.stderr).toMatch(/status shows while `portcullis serve` or the app runs/);

    const json = JSON.parse((await runCli(['server', 'list', '--json'], { dataDir: tmp.path })).stdout);
    expect(json.map((s: { id: string }) => s.id)).toEqual(['everything', 'remote', 'legacy']);
    expect(JSON.stringify(json)).not.toMatch(/s3cret|hidden/);
    expect(json[0].upstream.env).toEqual({ API_KEY: '***' });

    expect((await runCli(['server', 'remove', 'legacy'], { dataDir: tmp.path })).code).toBe(0);
    expect((await runCli(['server', 'list'], { dataDir: tmp.path })).stdout).not.toMatch(/legacy/);
  });

  test('bad input: clear error on stderr, non-zero exit, nothing written', async () => {
    const before = await readFile(path.join(tmp.path, 'config.json'), 'utf8');
    const cases = [
      [['server', 'add', 'Bad Id', '--', 'node'], /server id 'Bad Id' is not valid/],
      [['server', 'add', 'x', '--url', 'not a url'], /not a valid URL/],
      [['server', 'add', 'x'], /give the server command after `--`/],
      [['server', 'add', 'x', '--env', 'NOEQUALS', '--', 'node'], /KEY=VALUE/],
      [['server', 'add', 'everything', '--', 'node'], /already exists/],
      [['server', 'remove', 'ghost'], /no server named 'ghost'/],
      [['grant', 'revoke', 'ghost'], /no grant named 'ghost'/],
    ] as const;
    for (const [args, message] of cases) {
      const result = await runCli([...args], { dataDir: tmp.path });
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
    expect(await readFile(path.join(tmp.path, 'config.json'), 'utf8')).toBe(before);
  });
});
