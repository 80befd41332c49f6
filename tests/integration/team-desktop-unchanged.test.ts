// The desktop path stays as it was: without --store, `portcullis serve` never loads the Redis
// client and counts in the data directory's files; with --store it does load it (which shows
// the detector works). Real `serve` processes, a real client, a real redis-server.
import { access, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findRunningGateway } from '../../electron/cli/running-gateway.js';
import { runCli, startServe } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { describeWithRedis, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { connectHttpClient } from '../helpers/sdk-client.js';
import { TINY_ENTRY } from '../helpers/tiny.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const WATCH = ['--import', path.resolve('tests/helpers/watch-redis-import.mjs')];

describeWithRedis('team mode leaves the desktop path alone', () => {
  let redis: TestRedis;
  let dataDir: string;
  let token: string;

  beforeAll(async () => {
    redis = await startRedis();
    dataDir = makeTempDir('portcullis-desktop-');
    await runCli(['server', 'add', 'tiny', '--', process.execPath, TINY_ENTRY], { dataDir });
    token = (await runCli(['grant', 'create', 'me'], { dataDir })).stdout.trim();
    const file = path.join(dataDir, 'p.json');
    await writeFile(file, JSON.stringify({ version: '1', default: 'deny', tools: { echo: { limits: [{ counter: 'echo', window: 'minute', max: 1 }] } } }));
    await runCli(['policy', 'set', 'tiny', file], { dataDir });
  });
  afterAll(async () => {
    await redis?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const oneLimitedCall = async (url: string) => {
    const client = await connectHttpClient(`${url}/mcp/tiny`, { Authorization: `Bearer ${token}` });
    try {
      return [await client.callTool({ name: 'echo', arguments: { text: 'a' } }), await client.callTool({ name: 'echo', arguments: { text: 'b' } })];
    } finally {
      await client.close();
    }
  };

  test('serve without --store: no Redis module loaded, no store in getInfo, counters in counters.json', async () => {
    const serve = await startServe(dataDir, [], { nodeArgs: WATCH, env: { PORTCULLIS_STORE: '' } });
    try {
      const [first, second] = await oneLimitedCall(serve.url);
      expect(first!.isError).toBeFalsy();
      expect(second!.isError).toBe(true);
      expect((await (await findRunningGateway(dataDir))!.api.getInfo({})).store).toBeUndefined();
    } finally {
      await serve.stop('SIGTERM');
    }
    expect(serve.output()).not.toMatch(/LOADED redis/);
    await access(path.join(dataDir, 'counters.json'));
  });

  test('serve --store: the Redis client is loaded (the detector above can fail)', async () => {
    const serve = await startServe(dataDir, ['--store', redis.url], { nodeArgs: WATCH });
    try {
      await waitFor(() => /LOADED redis/.test(serve.output()), { what: 'the redis import' });
      await waitFor(() => /Shared store: redis:\/\/127\.0\.0\.1:\d+ \(connected\), replica /.test(serve.output()), { what: 'the store line' });
    } finally {
      await serve.stop('SIGTERM');
    }
  });
});
