// `portcullis serve`: endpoints printed, CLI changes picked up live, a clean SIGTERM, a clear error for a port in use.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli, startServe } from '../../helpers/cli.js';
import { FAULTY_ENTRY } from '../../helpers/faulty.js';
import { waitFor } from '../../helpers/wait-for.js';
import { connectHttpClient, textOf } from '../../helpers/sdk-client.js';

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
