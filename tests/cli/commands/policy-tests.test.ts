// `portcullis policy test <server>` over a tests file, as a user runs it
// (in-process main, no gateway running): output for CI, documented exit codes.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FAULTY_ENTRY } from '../../helpers/faulty.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

let dataDir: string;
const write = async (name: string, doc: unknown) => {
  const file = path.join(dataDir, name);
  await writeFile(file, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  return file;
};

const CASES = {
  cases: [
    { tool: 'echo', arguments: { message: 'hi' }, expect: 'allow' },
    { name: 'big sums are refused', tool: 'add', arguments: { a: 500 }, expect: 'deny', rule: 'tools.add.deny_if[0]' },
    { tool: 'echo', expect: 'rate-limited', before: [{ tool: 'echo', times: 3 }] },
  ],
};
// Broken: `lt` where `gt` was meant, so big sums pass and small ones are refused.
const BROKEN = { version: '1', default: 'deny', tools: { echo: { rate_limit: { max: 3, window: 'minute' } }, add: { deny_if: [{ path: 'args.a', op: 'lt', value: 100 }] } } };
const FIXED = { ...BROKEN, tools: { ...BROKEN.tools, add: { deny_if: [{ path: 'args.a', op: 'gt', value: 100 }] } } };

beforeAll(async () => {
  dataDir = makeTempDir('portcullis-cli-policy-tests-');
  expect((await runCli(['server', 'add', 'faulty', '--', process.execPath, FAULTY_ENTRY], { dataDir })).code).toBe(0);
  await mkdir(path.join(dataDir, 'policies'), { recursive: true });
  await write('policies/faulty.tests.json', CASES);
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('policy test <server>', () => {
  test('catches a deliberately broken rule: a FAIL line naming it, a summary line, exit 1', async () => {
    expect((await runCli(['policy', 'set', 'faulty', await write('broken.json', BROKEN)], { dataDir })).code).toBe(0);
    const result = await runCli(['policy', 'test', 'faulty'], { dataDir });
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^ok {3}1 echo: allow \(tools\.echo\)$/);
    expect(lines[1]).toMatch(/^FAIL 2 big sums are refused: expected deny by tools\.add\.deny_if\[0\], got allow by tools\.add$/);
    expect(lines[3]).toMatch(/^FAIL policies\/faulty\.tests\.json: 2 passed, 1 failed, 3 cases \(policy [0-9a-f]{12}\)$/);
    expect(result.stderr).toMatch(/1 of 3 policy tests failed/);
  });

  test('passes on the fixed rule (as a draft with --policy, then saved): exit 0', async () => {
    const fixed = await write('fixed.json', FIXED);
    const draft = await runCli(['policy', 'test', 'faulty', '--policy', fixed], { dataDir });
    expect(draft.code).toBe(0);
    expect(draft.stdout).toMatch(/^PASS policies\/faulty\.tests\.json: 3 passed, 0 failed, 3 cases/m);
    expect((await runCli(['policy', 'set', 'faulty', fixed], { dataDir })).code).toBe(0);
    const json = await runCli(['policy', 'test', 'faulty', '--json'], { dataDir });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ total: 3, passed: 3, failed: 0 });
  });

  test('a tests file that cannot run: its problems with JSON paths, exit 2', async () => {
    const bad = await write('bad.tests.json', { cases: [{ tool: 'echo', expect: 'allowed' }] });
    const result = await runCli(['policy', 'test', 'faulty', '--cases', bad], { dataDir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^cases\[0\]\.expect: expected allow, deny, hide, approve or rate-limited, got 'allowed'/m);
    expect((await runCli(['policy', 'test', 'nosuch'], { dataDir })).code).toBe(2);
  });

  test('--tool keeps the single dry run', async () => {
    const result = await runCli(['policy', 'test', 'faulty', '--tool', 'add', '--args', '{"a": 500}'], { dataDir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Decision: deny$/m);
  });
});
