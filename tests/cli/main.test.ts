// The command line, run as a user would: exact DESIGN.md syntax, stdout/stderr, exit codes.
import { mkdir, mkdtemp, rm, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli, runCliBinary, startServe } from '../helpers/cli.js';
import { EVERYTHING_ENTRY } from '../helpers/gateway.js';
import { FAULTY_ENTRY } from '../helpers/faulty.js';
import { waitFor } from '../helpers/wait-for.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-cli-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

// A smoke test of the real binary (bin/portcullis.js → dist/, a child process each);
// every other command here runs main(argv) in this process.
describe('the portcullis binary', () => {
  test('runs a command, prints its result on stdout, and exits non-zero with the error on stderr', async () => {
    const smokeDir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-cli-smoke-'));
    try {
      expect((await runCliBinary(['server', 'add', 'smoke', '--', 'node'], { dataDir: smokeDir })).code).toBe(0);
      const list = await runCliBinary(['server', 'list', '--json'], { dataDir: smokeDir });
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout).map((s: { id: string }) => s.id)).toEqual(['smoke']);
      const bad = await runCliBinary(['server', 'remove', 'ghost'], { dataDir: smokeDir });
      expect(bad.code).toBe(1);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(/^portcullis: no server named 'ghost'/);
    } finally {
      await rm(smokeDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('server add|list|remove', () => {
  test('stdio and URL servers, listed as a table and as JSON with secrets masked', async () => {
    const add = await runCli(['server', 'add', 'everything', '--env', 'API_KEY=s3cret', '--', process.execPath, EVERYTHING_ENTRY, 'stdio'], { dataDir });
    expect(add.code).toBe(0);
    const addUrl = await runCli(['server', 'add', 'remote', '--url', 'http://127.0.0.1:9/mcp', '--header', 'X-Api-Key: hidden'], { dataDir });
    expect(addUrl.code).toBe(0);
    const addSse = await runCli(['server', 'add', 'legacy', '--url', 'http://127.0.0.1:9/sse', '--sse'], { dataDir });
    expect(addSse.code).toBe(0);

    const table = await runCli(['server', 'list'], { dataDir });
    expect(table.stdout).toMatch(/^ID\s+TRANSPORT\s+STATUS\s+TARGET/);
    expect(table.stdout).toMatch(/everything\s+stdio\s+-/);
    expect(table.stdout).toMatch(/remote\s+http\s+-\s+http:\/\/127\.0\.0\.1:9\/mcp/);
    expect(table.stdout).toMatch(/legacy\s+sse/);
    expect(table.stderr).toMatch(/status shows while `portcullis serve` or the app runs/);

    const json = JSON.parse((await runCli(['server', 'list', '--json'], { dataDir })).stdout);
    expect(json.map((s: { id: string }) => s.id)).toEqual(['everything', 'remote', 'legacy']);
    expect(JSON.stringify(json)).not.toMatch(/s3cret|hidden/);
    expect(json[0].upstream.env).toEqual({ API_KEY: '***' });

    expect((await runCli(['server', 'remove', 'legacy'], { dataDir })).code).toBe(0);
    expect((await runCli(['server', 'list'], { dataDir })).stdout).not.toMatch(/legacy/);
  });

  test('bad input: clear error on stderr, non-zero exit, nothing written', async () => {
    const before = await readFile(path.join(dataDir, 'config.json'), 'utf8');
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
      const result = await runCli([...args], { dataDir });
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
    expect(await readFile(path.join(dataDir, 'config.json'), 'utf8')).toBe(before);
  });
});

describe('grant create|list|revoke', () => {
  test('create prints the token alone on stdout; list never shows it', async () => {
    const created = await runCli(['grant', 'create', 'Claude Desktop'], { dataDir });
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^pcg_[A-Za-z0-9_-]{43}\n$/);
    const token = created.stdout.trim();
    const list = await runCli(['grant', 'list', '--json'], { dataDir });
    expect(JSON.parse(list.stdout).map((g: { name: string }) => g.name)).toContain('Claude Desktop');
    expect(list.stdout).not.toContain(token);
    expect(await readFile(path.join(dataDir, 'config.json'), 'utf8')).not.toContain(token);
    expect((await runCli(['grant', 'create', 'Claude Desktop'], { dataDir })).stderr).toMatch(/already exists/);
  });
});

describe('serve', () => {
  test('prints endpoints, picks up CLI changes without a restart, and shuts down cleanly on SIGTERM', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-serve-'));
    const serve = await startServe(dir);
    try {
      await waitFor(() => /No servers yet/.test(serve.output()), { what: 'the first-run hint' });
      const token = (await runCli(['grant', 'create', 'cursor'], { dataDir: dir })).stdout.trim();
      await runCli(['server', 'add', 'faulty', '--', process.execPath, FAULTY_ENTRY], { dataDir: dir });
      await mkdir(path.join(dir, 'policies'), { recursive: true });
      await writeFile(path.join(dir, 'policies', 'faulty.json'), JSON.stringify({ version: '1', default: 'allow' }));
      const endpoint = `${serve.url}/mcp/faulty`;
      // The running gateway sees the new server and grant within moments.
      let client: Awaited<ReturnType<typeof connectHttpClient>> | undefined;
      await waitFor(async () => {
        client = await connectHttpClient(endpoint, { Authorization: `Bearer ${token}` }).catch(() => undefined);
        return client !== undefined;
      }, { what: 'the gateway to pick up the new server' });
      const pid = JSON.parse(textOf(await client!.callTool({ name: 'whoami', arguments: {} }))).pid as number;
      expect(await serve.stop('SIGTERM')).toBe(0);
      expect(serve.output()).toMatch(/SIGTERM: shutting down/);
      await waitFor(() => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      }, { what: 'the upstream to be stopped' });
    } finally {
      await serve.stop('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a port in use is a clear error', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-serve-'));
    const first = await startServe(dir);
    const port = new URL(first.url).port;
    // Another data directory: a second gateway on the same one is refused before it binds (tests/gateway/store/gateway-lock.test.ts).
    const other = await mkdtemp(path.join(os.tmpdir(), 'portcullis-serve-'));
    const second = await runCli(['serve', '--port', port], { dataDir: other });
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/EADDRINUSE|in use/);
    await first.stop();
    await rm(dir, { recursive: true, force: true });
    await rm(other, { recursive: true, force: true });
  });
});
