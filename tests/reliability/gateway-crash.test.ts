// kill -9 the gateway under load, restart it on the same data directory: policies, grants
// and settings intact, no limit over-admitted (counted where it matters: at the upstream),
// and every call a client had an answer to is in the call log.
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runCli, startServe } from '../helpers/cli.js';
import { ODOO_FIXTURE_SERVER } from '../helpers/app.js';
import { connectHttpClient } from '../helpers/sdk-client.js';

const MAX = 10;
const POLICY = {
  version: '1',
  default: 'deny',
  tools: { ai_pipeline_run: { limits: [{ counter: 'pipelines', window: 'hour', max: MAX, scope: 'grant' }] } },
};

let root: string;
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function snapshot(dir: string) {
  // Live status is shown when a gateway runs; the snapshot compares what is stored.
  const servers = JSON.parse((await runCli(['server', 'list', '--json'], { dataDir: dir })).stdout).map(({ status: _status, ...stored }: { status?: unknown }) => stored);
  const grants = JSON.parse((await runCli(['grant', 'list', '--json'], { dataDir: dir })).stdout).map((g: { name: string; createdAt: string }) => [g.name, g.createdAt]);
  const settings = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')).settings;
  const policy = await readFile(path.join(dir, 'policies', 'odoo.json'), 'utf8');
  return { servers, grants, settings, policy };
}

interface Tally {
  allowed: number;
  denied: number;
}

/** Calls ai_pipeline_run from `workers` loops, each with one call in flight, until `stop(tally)` or the gateway goes away. */
async function hammer(url: string, token: string, stop: (tally: Tally) => boolean, workers = 4): Promise<Tally> {
  const clients = await Promise.all(Array.from({ length: workers }, () => connectHttpClient(url, { Authorization: `Bearer ${token}` })));
  const tally: Tally = { allowed: 0, denied: 0 };
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; i < 2000 && !stop(tally); i++) {
        const result = await client.callTool({ name: 'ai_pipeline_run', arguments: {} }).catch(() => undefined);
        if (!result) return; // the gateway went away
        if (result.isError) tally.denied++;
        else tally.allowed++;
      }
    }),
  );
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  return tally;
}

const upstreamCalls = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

test('kill -9 under load, then restart: no limit over-admitted, no answered call missing from the log', { timeout: 120_000 }, async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'portcullis-crash-'));
  const dataDir = path.join(root, 'data');
  const callsFile = path.join(root, 'upstream-calls.jsonl');
  await runCli(['server', 'add', 'odoo', '--env', `CALLS_FILE=${callsFile}`, '--', process.execPath, ODOO_FIXTURE_SERVER], { dataDir });
  const token = (await runCli(['grant', 'create', 'agent'], { dataDir })).stdout.trim();
  await mkdir(path.join(dataDir, 'policies'), { recursive: true });
  await writeFile(path.join(dataDir, 'policies', 'odoo.json'), JSON.stringify(POLICY, null, 2));
  const before = await snapshot(dataDir);

  const first = await startServe(dataDir);
  // Kill as soon as the budget is used up and denials are being answered: well within the
  // second in which counters used to be written behind, with calls in flight.
  let killed = false;
  const crashed = await hammer(`${first.url}/mcp/odoo`, token, (tally) => {
    if (!killed && tally.allowed + tally.denied >= MAX + 20) {
      killed = true;
      first.child.kill('SIGKILL');
    }
    return killed;
  });
  if (first.child.exitCode === null && first.child.signalCode === null) await once(first.child, 'exit');
  expect(crashed.allowed).toBe(MAX);
  expect(await upstreamCalls(callsFile)).toBe(MAX);

  const second = await startServe(dataDir);
  let after: Tally;
  try {
    expect(await snapshot(dataDir)).toEqual(before);
    after = await hammer(`${second.url}/mcp/odoo`, token, (tally) => tally.denied > 0);
  } finally {
    await second.stop();
  }
  // The restarted gateway knew the budget was spent: nothing more reached the upstream.
  expect(after.allowed).toBe(0);
  expect(after.denied).toBeGreaterThan(0);
  expect(await upstreamCalls(callsFile)).toBe(MAX);

  // Every answered call is in the log; every file parses, but for at most a torn last line per file.
  const logDir = path.join(dataDir, 'logs');
  const logged: Tally = { allowed: 0, denied: 0 };
  let torn = 0;
  for (const file of await readdir(logDir)) {
    for (const line of (await readFile(path.join(logDir, file), 'utf8')).split('\n').filter(Boolean)) {
      try {
        const record = JSON.parse(line) as { decision: string };
        if (record.decision === 'allow') logged.allowed++;
        else if (record.decision === 'deny' || record.decision === 'rate-limit') logged.denied++; // a limit's refusal is its own decision
      } catch {
        torn++;
      }
    }
  }
  expect(torn).toBeLessThanOrEqual(1);
  expect(logged.allowed).toBeGreaterThanOrEqual(crashed.allowed + after.allowed);
  expect(logged.denied).toBeGreaterThanOrEqual(crashed.denied + after.denied);
});
