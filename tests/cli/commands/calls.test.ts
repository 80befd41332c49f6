// `portcullis calls`: the call log after real calls through a running gateway (answered by
// its Api), the same log from the files once it has stopped, and `--follow`.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CallRecord } from '../../../shared/calls.js';
import { runCli, spawnCli, startServe } from '../../helpers/cli.js';
import { FAULTY_ENTRY } from '../../helpers/faulty.js';
import { waitFor } from '../../helpers/wait-for.js';
import { connectHttpClient } from '../../helpers/sdk-client.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

let dataDir: string;
let serve: Awaited<ReturnType<typeof startServe>>;
let client: Client;

const jsonLines = (text: string) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as CallRecord);
const calls = async (...args: string[]) => {
  const result = await runCli(['calls', '--json', ...args], { dataDir });
  expect(result.code, result.stderr).toBe(0);
  return jsonLines(result.stdout);
};

beforeAll(async () => {
  dataDir = makeTempDir('portcullis-cli-calls-');
  await runCli(['server', 'add', 'faulty', '--', process.execPath, FAULTY_ENTRY], { dataDir });
  const token = (await runCli(['grant', 'create', 'agent'], { dataDir })).stdout.trim();
  const policy = path.join(dataDir, 'policy.json');
  await writeFile(policy, JSON.stringify({ version: '1', default: 'deny', tools: { whoami: {}, remember: {}, crash: { action: 'deny', reason: 'No crashing' } } }));
  expect((await runCli(['policy', 'set', 'faulty', policy], { dataDir })).code).toBe(0);
  serve = await startServe(dataDir);
  client = await connectHttpClient(`${serve.url}/mcp/faulty`, { Authorization: `Bearer ${token}` });
  await client.callTool({ name: 'whoami', arguments: {} });
  await client.callTool({ name: 'remember', arguments: { value: 'a' } });
  await client.callTool({ name: 'crash', arguments: {} });
  await client.callTool({ name: 'garbage', arguments: {} });
});
afterAll(async () => {
  await client?.close().catch(() => undefined);
  await serve?.stop('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('calls, with the gateway running', () => {
  test('every call, newest first, with decision and rule, as JSON lines', async () => {
    const records = await calls();
    expect(records.map((r) => r.tool)).toEqual(['garbage', 'crash', 'remember', 'whoami']);
    expect(records.map((r) => r.decision)).toEqual(['deny', 'deny', 'allow', 'allow']);
    expect(records.map((r) => r.rule)).toEqual(['default', 'tools.crash', 'tools.remember', 'tools.whoami']);
    for (const record of records) expect(record).toMatchObject({ server: 'faulty', grant: 'agent' });
    expect(records[1]!.reason).toMatch(/No crashing/);
    expect(records[2]!.arguments).toEqual({ value: 'a' });
    expect(records[3]!.upstream).toBe('ok');
  });

  test('filters and --limit', async () => {
    expect((await calls('--decision', 'deny')).map((r) => r.tool)).toEqual(['garbage', 'crash']);
    expect((await calls('--decision', 'allowed')).map((r) => r.tool)).toEqual(['remember', 'whoami']);
    expect((await calls('--tool', 'whoami')).map((r) => r.tool)).toEqual(['whoami']);
    expect((await calls('--grant', 'agent', '--limit', '2')).map((r) => r.tool)).toEqual(['garbage', 'crash']);
    expect(await calls('--server', 'ghost')).toEqual([]);
  });

  test('the table: TIME SERVER GRANT TOOL DECISION RULE LATENCY', async () => {
    const result = await runCli(['calls'], { dataDir });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+SERVER\s+GRANT\s+TOOL\s+DECISION\s+RULE\s+LATENCY$/);
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+faulty\s+agent\s+crash\s+denied\s+tools\.crash\s+[\d.]+ ms$/);
    expect(lines[4]).toMatch(/\s+whoami\s+allowed\s+tools\.whoami\s+[\d.]+ ms$/);
  });

  test('bad filters are clear errors', async () => {
    const decision = await runCli(['calls', '--decision', 'maybe'], { dataDir });
    expect(decision.code).not.toBe(0);
    expect(decision.stderr).toMatch(/--decision 'maybe' is not a decision/);
    const limit = await runCli(['calls', '--limit', '0'], { dataDir });
    expect(limit.code).not.toBe(0);
    expect(limit.stderr).toMatch(/--limit '0'/);
  });

  test('--follow streams new calls that match, until interrupted', async () => {
    const follow = spawnCli(['calls', '--follow', '--json', '--tool', 'whoami'], dataDir);
    try {
      await waitFor(() => /Following calls/.test(follow.stderr()), { timeout: 30_000, what: 'calls --follow to subscribe' });
      await client.callTool({ name: 'remember', arguments: { value: 'b' } });
      await client.callTool({ name: 'whoami', arguments: {} });
      await waitFor(() => follow.stdout().includes('\n'), { timeout: 30_000, what: 'a followed call' });
      const streamed = jsonLines(follow.stdout());
      expect(streamed.map((r) => r.tool)).toEqual(['whoami']);
      expect(streamed[0]).toMatchObject({ server: 'faulty', grant: 'agent', decision: 'allow' });
      expect((await calls('--limit', '1'))[0]!.id).toBe(streamed[0]!.id);
      follow.child.kill('SIGINT');
      expect(await follow.exited).toBe(0);
    } finally {
      follow.child.kill('SIGKILL');
    }
  });
});

describe('calls, after the gateway stopped', () => {
  test('a follower ends when the gateway stops; the files answer the same; --follow then needs a gateway', async () => {
    const live = await calls('--limit', '100');
    const follow = spawnCli(['calls', '--follow'], dataDir);
    await waitFor(() => /Following calls/.test(follow.stderr()), { timeout: 30_000, what: 'calls --follow to subscribe' });
    await client.close();
    expect(await serve.stop()).toBe(0);
    // A follower whose gateway stops ends with an error that says so.
    expect(await follow.exited).toBe(1);
    expect(follow.stderr()).toMatch(/portcullis: .*event stream.*\(did it stop\?\)/);
    const fromFiles = await calls('--limit', '100');
    expect(fromFiles.map((r) => r.id)).toEqual(live.map((r) => r.id));
    expect(fromFiles).toHaveLength(6);

    const refused = await runCli(['calls', '--follow'], { dataDir });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/portcullis: no running gateway for .*: --follow streams calls from a running gateway/);
  });
});
