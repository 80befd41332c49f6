// `portcullis policy replay <server> <file>`, as a user runs it (in-process main, no gateway
// running): what a draft would have decided for the calls in the log files.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FAULTY_ENTRY } from '../../helpers/faulty.js';
import { useTempDirForFile } from '../../helpers/temp-dir.js';

const tmp = useTempDirForFile('portcullis-cli-policy-replay-');
const write = async (name: string, doc: unknown) => {
  const file = path.join(tmp.path, name);
  await writeFile(file, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  return file;
};

// The draft: big sums are refused.
const FIXED = { version: '1', default: 'deny', tools: { echo: { rate_limit: { max: 3, window: 'minute' } }, add: { deny_if: [{ path: 'args.a', op: 'gt', value: 100 }] } } };

beforeAll(async () => {
  expect((await runCli(['server', 'add', 'faulty', '--', process.execPath, FAULTY_ENTRY], { dataDir: tmp.path })).code).toBe(0);
  await write('fixed.json', FIXED);
});

describe('policy replay <server> <file>', () => {
  test('--json: summary, counts by before → after, one entry per changed call', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const base = { server: 'faulty', grant: 'g', session: 's', decision: 'allow', rule: 'default', upstream: 'ok', latency: { gatewayMs: 0, upstreamMs: 0, totalMs: 0 } };
    const now = Date.now() - 60_000;
    const lines = [
      { ...base, id: `${now.toString(36)}0001`, time: new Date(now).toISOString(), tool: 'add', arguments: { a: 500 } },
      { ...base, id: `${(now + 1).toString(36)}0002`, time: new Date(now + 1).toISOString(), tool: 'add', arguments: { a: 5 } },
    ];
    await mkdir(path.join(tmp.path, 'logs'), { recursive: true });
    await write(`logs/calls-${day}.jsonl`, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const result = await runCli(['policy', 'replay', 'faulty', path.join(tmp.path, 'fixed.json'), '--since', '1d', '--json'], { dataDir: tmp.path });
    expect(result.code).toBe(0);
    const replay = JSON.parse(result.stdout);
    expect(replay.counts).toEqual({ 'allow → deny': 1, 'allow → allow': 1 });
    expect(replay.changed).toEqual([
      expect.objectContaining({ time: lines[0]?.time, tool: 'add', grant: 'g', before: 'allow', after: 'deny', rule: 'tools.add.deny_if[0]' }),
    ]);
    const text = await runCli(['policy', 'replay', 'faulty', path.join(tmp.path, 'fixed.json')], { dataDir: tmp.path });
    expect(text.stdout).toMatch(/^Of the last 2 calls, this change would have decided 1 differently: denied 1\.$/m);
  });
});
