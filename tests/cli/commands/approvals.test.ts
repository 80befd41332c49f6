// `portcullis approvals`, `approve`, `deny` end to end: a real client's call held by an
// `approve` rule in a running gateway, seen and decided from the command line.
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ApprovalRequest } from '../../../shared/approvals.js';
import { runCli, spawnCli, startServe } from '../../helpers/cli.js';
import { FAULTY_ENTRY } from '../../helpers/faulty.js';
import { waitFor } from '../../helpers/wait-for.js';
import { connectHttpClient, textOf } from '../../helpers/sdk-client.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

let dataDir: string;
let token: string;
let serve: Awaited<ReturnType<typeof startServe>>;
let client: Client;

const pendingApprovals = async () => JSON.parse((await runCli(['approvals', '--json'], { dataDir })).stdout) as ApprovalRequest[];

/** Waits until the gateway holds a call to `tool` and returns its request. */
async function heldCall(tool: string): Promise<ApprovalRequest> {
  let found: ApprovalRequest | undefined;
  await waitFor(async () => (found = (await pendingApprovals()).find((r) => r.tool === tool)) !== undefined, { what: `a held call to ${tool}` });
  return found!;
}

beforeAll(async () => {
  dataDir = makeTempDir('portcullis-cli-approvals-');
  await runCli(['server', 'add', 'faulty', '--', process.execPath, FAULTY_ENTRY], { dataDir });
  token = (await runCli(['grant', 'create', 'agent'], { dataDir })).stdout.trim();
  const policy = path.join(dataDir, 'policy.json');
  await writeFile(policy, JSON.stringify({ version: '1', default: 'deny', tools: { whoami: {}, remember: { action: 'approve', approval: { timeout_s: 30 } } } }));
  expect((await runCli(['policy', 'set', 'faulty', policy], { dataDir })).code).toBe(0);
  serve = await startServe(dataDir);
  client = await connectHttpClient(`${serve.url}/mcp/faulty`, { Authorization: `Bearer ${token}` });
});
afterAll(async () => {
  await client?.close().catch(() => undefined);
  await serve?.stop('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('approvals, approve, deny', () => {
  test('nothing held: an empty list', async () => {
    const table = await runCli(['approvals'], { dataDir });
    expect(table.code).toBe(0);
    expect(table.stdout).toBe('');
    expect(table.stderr).toMatch(/No calls are waiting for approval/);
    expect(await pendingApprovals()).toEqual([]);
  });

  test('a held call is listed; approve releases it and the client gets its result', async () => {
    const call = client.callTool({ name: 'remember', arguments: { value: 'x' } });
    const request = await heldCall('remember');
    expect(request).toMatchObject({ server: 'faulty', grant: 'agent', tool: 'remember', arguments: { value: 'x' }, rule: 'tools.remember' });
    expect(Date.parse(request.expiresAt) - Date.parse(request.createdAt)).toBe(30_000);

    const table = await runCli(['approvals'], { dataDir });
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+AGE\s+SERVER\s+GRANT\s+TOOL\s+RISK\s+ARGUMENTS\s+EXPIRES IN$/);
    expect(lines[1]).toMatch(new RegExp(`^${request.id}\\s+\\d+s\\s+faulty\\s+agent\\s+remember\\s+\\S+\\s+\\{"value":"x"\\}\\s+\\d+s$`));

    const approve = await runCli(['approve', request.id], { dataDir });
    expect(approve.code).toBe(0);
    expect(approve.stderr).toMatch(new RegExp(`Approved ${request.id}`));
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe('remembered x');
    expect(await pendingApprovals()).toEqual([]);
  });

  test("deny --reason: the agent's result says why", async () => {
    const call = client.callTool({ name: 'remember', arguments: { value: 'y' } });
    const request = await heldCall('remember');
    const deny = await runCli(['deny', request.id, '--reason', 'Not on a Friday'], { dataDir });
    expect(deny.code).toBe(0);
    const result = await call;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/denied the call to 'remember'.*Not on a Friday/);
  });

  test('--follow prints new requests and their resolutions as they happen', async () => {
    const other = await connectHttpClient(`${serve.url}/mcp/faulty`, { Authorization: `Bearer ${token}` }, 'other-client');
    const follow = spawnCli(['approvals', '--follow', '--json'], dataDir);
    try {
      await waitFor(() => /Following approvals/.test(follow.stderr()), { what: 'approvals --follow to subscribe' });
      const call = other.callTool({ name: 'remember', arguments: { value: 'z' } });
      await waitFor(() => follow.stdout().includes('approval-requested'), { what: 'the request to be printed' });
      const requested = JSON.parse(follow.stdout().split('\n')[0]!);
      expect(requested).toMatchObject({ event: 'approval-requested', data: { tool: 'remember', arguments: { value: 'z' } } });

      expect((await runCli(['deny', requested.data.id], { dataDir })).code).toBe(0);
      expect((await call).isError).toBe(true);
      await waitFor(() => follow.stdout().includes('approval-resolved'), { what: 'the resolution to be printed' });
      const resolved = JSON.parse(follow.stdout().trimEnd().split('\n').at(-1)!);
      expect(resolved).toMatchObject({ event: 'approval-resolved', data: { id: requested.data.id, outcome: 'denied', by: 'cli' } }); // the CLI's own word, not 'web'

      follow.child.kill('SIGINT');
      expect(await follow.exited).toBe(0);
    } finally {
      follow.child.kill('SIGKILL');
      await other.close();
    }
  });

  test('approve --session: later calls to the tool in that session are not held', async () => {
    const first = client.callTool({ name: 'remember', arguments: { value: 'one' } });
    const request = await heldCall('remember');
    expect((await runCli(['approve', request.id, '--session'], { dataDir })).code).toBe(0);
    expect(textOf(await first)).toBe('remembered one');
    // Held, this would wait for its 30 s timeout; approved for the session it answers well within it.
    const second = await client.callTool({ name: 'remember', arguments: { value: 'two' } }, undefined, { timeout: 20_000 });
    expect(textOf(second)).toBe('remembered two');
  });

  test('--history lists the questions that ended, newest first, with who answered', async () => {
    const table = await runCli(['approvals', '--history'], { dataDir });
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+ENDED\s+SERVER\s+GRANT\s+TOOL\s+OUTCOME\s+BY\s+RETRY$/);
    expect(lines[1], table.stdout).toMatch(/^apr_\S+\s+\d+s ago\s+faulty\s+agent\s+remember\s+approved\s+(cli|web)\s+-$/); // the CLI is recorded as web until it names itself (door)
    const json = JSON.parse((await runCli(['approvals', '--history', '--json'], { dataDir })).stdout) as { resolution: { outcome: string } }[];
    expect(json.map((e) => e.resolution.outcome)).toEqual(['approved', 'denied', 'denied', 'approved']);
  });

  test('an unknown id is a clear error', async () => {
    for (const args of [['approve', 'apr_nope'], ['deny', 'apr_nope', '--reason', 'x']]) {
      const result = await runCli(args, { dataDir });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/portcullis: no pending approval 'apr_nope'/);
    }
  });

  test('without a running gateway: a clear error', async () => {
    await client.close();
    expect(await serve.stop()).toBe(0);
    for (const args of [['approvals'], ['approvals', '--follow'], ['approve', 'apr_x'], ['deny', 'apr_x']]) {
      const result = await runCli(args, { dataDir });
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr).toMatch(/portcullis: no running gateway for .*: calls waiting for approval are held by a running gateway \(start one with: portcullis serve\)/);
      expect(result.stdout).toBe('');
    }
  });

  test('a runtime.json left behind (dead pid, or a live pid that is no gateway) is ignored', async () => {
    const runtime = path.join(dataDir, 'runtime.json');
    const dead = spawn(process.execPath, ['-e', '']);
    const deadPid = await new Promise<number>((resolve) => dead.once('exit', () => resolve(dead.pid!)));
    for (const pid of [deadPid, process.pid]) {
      await writeFile(runtime, JSON.stringify({ pid, url: 'http://127.0.0.1:9', adminToken: 'pca_x', startedAt: new Date().toISOString() }));
      const approvals = await runCli(['approvals'], { dataDir });
      expect(approvals.stderr).toMatch(/no running gateway/);
      const show = await runCli(['policy', 'show', 'faulty'], { dataDir }); // answered from the files
      expect(show.code).toBe(0);
      expect(JSON.parse(show.stdout)).toMatchObject({ tools: { remember: { action: 'approve' } } });
    }
  });
});
