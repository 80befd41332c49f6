// `portcullis policy check|set|show|test|recommend`, run as a user would (the real bin, a
// child process), with and without a running gateway.
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli, startServe, type CliResult } from '../../helpers/cli.js';
import { FAULTY_ENTRY } from '../../helpers/faulty.js';
import { waitFor } from '../../helpers/wait-for.js';
import { connectHttpClient, textOf } from '../../helpers/sdk-client.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

let dataDir: string;
const policyFile = (name: string) => path.join(dataDir, name);
const write = async (name: string, doc: unknown) => {
  await writeFile(policyFile(name), typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  return policyFile(name);
};
const exists = (file: string) => access(file).then(() => true, () => false);

beforeAll(async () => {
  dataDir = makeTempDir('portcullis-cli-policy-');
  expect((await runCli(['server', 'add', 'faulty', '--', process.execPath, FAULTY_ENTRY], { dataDir })).code).toBe(0);
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('policy check', () => {
  test('an invalid file: every problem with its JSON path on stderr, exit 1', async () => {
    const file = await write('bad.json', {
      version: '1',
      default: 'deny',
      tools: { echo: { limits: [{ counter: 'c', window: 'minutes', max: 1 }] }, x: { acton: 'deny' } },
    });
    const result = await runCli(['policy', 'check', file], { dataDir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^tools\.echo\.limits\[0\]\.window: expected second, minute, hour, day or a number of seconds, got 'minutes'/m);
    expect(result.stderr).toMatch(/^tools\.x\.acton: unknown key 'acton'/m);
    expect(result.stderr).toMatch(/portcullis: .*bad\.json is not a valid policy \(2 problems\)/);
  });

  test('a JSON syntax error names its line and column', async () => {
    const file = await write('syntax.json', '{ "version": "1",\n  "default": }');
    const result = await runCli(['policy', 'check', file], { dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/line 2, column \d+/);
  });

  test('a valid file prints OK, with its warnings on stderr; a missing file is an error', async () => {
    const file = await write('warn.json', { version: '1', default: 'deny', hide: ['secret_*'], tools: { secret_read: {} } });
    const ok = await runCli(['policy', 'check', file], { dataDir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('OK\n');
    expect(ok.stderr).toMatch(/warning: tools\.secret_read: never applies: the tool is hidden by hide\[0\]/);

    const missing = await runCli(['policy', 'check', policyFile('nope.json')], { dataDir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/portcullis: cannot read .*nope\.json: no such file/);
  });
});

describe('policy set and show (no gateway running)', () => {
  test('show without a policy file: the default deny, said on stderr', async () => {
    const result = await runCli(['policy', 'show', 'faulty'], { dataDir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ version: '1', default: 'deny' });
    expect(result.stderr).toMatch(/No policy file for 'faulty'.*every call is denied/);
  });

  test('refuses an invalid file and an unknown server; writes nothing', async () => {
    const bad = await write('bad-set.json', { version: '1', default: 'sometimes' });
    const invalid = await runCli(['policy', 'set', 'faulty', bad], { dataDir });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^default: /m);
    expect(invalid.stderr).toMatch(/nothing was written/);
    expect(await exists(path.join(dataDir, 'policies', 'faulty.json'))).toBe(false);

    const good = await write('good.json', { version: '1', default: 'deny', tools: { whoami: {} } });
    const ghost = await runCli(['policy', 'set', 'ghost', good], { dataDir });
    expect(ghost.code).not.toBe(0);
    expect(ghost.stderr).toMatch(/portcullis: no server named 'ghost'/);
    expect(await exists(path.join(dataDir, 'policies', 'ghost.json'))).toBe(false);
  });

  test('writes policies/<server>.json; show prints it; a refused file on disk is reported with its errors', async () => {
    const doc = { version: '1', default: 'deny', tools: { whoami: {} } };
    const set = await runCli(['policy', 'set', 'faulty', await write('good.json', doc)], { dataDir });
    expect(set.code).toBe(0);
    expect(set.stdout).toBe('');
    const onDisk = path.join(dataDir, 'policies', 'faulty.json');
    expect(JSON.parse(await readFile(onDisk, 'utf8'))).toEqual(doc);

    const show = await runCli(['policy', 'show', 'faulty'], { dataDir });
    expect(JSON.parse(show.stdout)).toEqual(doc);
    expect(show.stderr).toBe('');

    await writeFile(onDisk, JSON.stringify({ version: '1', default: 'deny', tools: { whoami: { action: 'maybe' } } }));
    const refused = await runCli(['policy', 'show', 'faulty'], { dataDir });
    expect(refused.code).toBe(0);
    expect(refused.stderr).toMatch(/policies\/faulty\.json was refused \(1 error\)/);
    expect(refused.stderr).toMatch(/tools\.whoami\.action: /);
    expect(JSON.parse(refused.stdout)).toMatchObject({ default: 'deny' });
  });
});

describe('policy test (dry run)', () => {
  test('allow, deny with the reason, hidden and approve, each with its rule and why', async () => {
    const doc = {
      version: '1',
      default: 'deny',
      hide: ['spawn-*'],
      tools: {
        whoami: { limits: [{ counter: 'who', window: 'minute', max: 1 }] },
        remember: { deny_if: [{ path: 'args.value', op: 'eq', value: 'secret' }], reason: 'No secrets' },
        crash: { action: 'approve', approval: { timeout_s: 45 } },
      },
    };
    expect((await runCli(['policy', 'set', 'faulty', await write('test.json', doc)], { dataDir })).code).toBe(0);

    // A limit of 1: two dry runs both pass, because a dry run uses up nothing.
    for (let i = 0; i < 2; i++) {
      const allow = await runCli(['policy', 'test', 'faulty', '--tool', 'whoami', '--args', '{}'], { dataDir });
      expect(allow.code).toBe(0);
      expect(allow.stdout).toMatch(/^Decision: allow$/m);
      expect(allow.stdout).toMatch(/^Rule: tools\.whoami$/m);
      expect(allow.stdout).toMatch(/^Why: Allowed by tools\.whoami; counters after this call: who 1\/1/m);
    }

    const deny = await runCli(['policy', 'test', 'faulty', '--tool', 'remember', '--args', '{"value":"secret"}', '--grant', 'cursor'], { dataDir });
    expect(deny.stdout).toMatch(/^Decision: deny$/m);
    expect(deny.stdout).toMatch(/^Rule: tools\.remember \(decided by tools\.remember\.deny_if\[0\]\)$/m);
    expect(deny.stdout).toMatch(/^Why: .*No secrets/m);
    const fine = await runCli(['policy', 'test', 'faulty', '--tool', 'remember', '--args', '{"value":"ok"}'], { dataDir });
    expect(fine.stdout).toMatch(/^Decision: allow$/m);

    const hidden = await runCli(['policy', 'test', 'faulty', '--tool', 'spawn-grandchild'], { dataDir });
    expect(hidden.stdout).toMatch(/^Decision: hidden$/m);
    expect(hidden.stdout).toMatch(/^Rule: hide\[0\]$/m);

    const approve = await runCli(['policy', 'test', 'faulty', '--tool', 'crash', '--json'], { dataDir });
    const record = JSON.parse(approve.stdout);
    expect(record).toMatchObject({ action: 'approve', record: { action: 'approve', rule: 'tools.crash', dryRun: true } });
    expect(record.explanation).toMatch(/45 s/);

    const other = await runCli(['policy', 'test', 'faulty', '--tool', 'garbage'], { dataDir });
    expect(other.stdout).toMatch(/^Decision: deny$/m);
    expect(other.stdout).toMatch(/^Rule: default$/m);
  });

  test("uses the catalog's risk class for the tool", async () => {
    // The one-off listing fills the catalog; the class is whatever the classifier said.
    const rows = JSON.parse((await runCli(['catalog', 'faulty', '--json'], { dataDir })).stdout) as Array<{ name: string; class: string }>;
    const crash = rows.find((row) => row.name === 'crash');
    expect(crash).toBeDefined();
    const doc = { version: '1', default: 'allow', risk: { [crash!.class]: { action: 'deny', reason: 'Not this class' } } };
    expect((await runCli(['policy', 'set', 'faulty', await write('risk.json', doc)], { dataDir })).code).toBe(0);
    const result = await runCli(['policy', 'test', 'faulty', '--tool', 'crash', '--json'], { dataDir });
    expect(JSON.parse(result.stdout)).toMatchObject({ action: 'deny', record: { rule: `risk.${crash!.class}` } });
  });

  test('bad input: --args that is not a JSON object, no --tool and no tests file, an unknown server', async () => {
    const cases = [
      [['policy', 'test', 'faulty', '--tool', 'whoami', '--args', '[1]'], /--args must be a JSON object/],
      [['policy', 'test', 'faulty', '--tool', 'whoami', '--args', '{nope'], /--args is not valid JSON/],
      [['policy', 'test', 'faulty'], /no policy tests for 'faulty' yet \(policies\/faulty\.tests\.json\)/],
      [['policy', 'test', 'ghost', '--tool', 'x'], /no server named 'ghost'/],
    ] as const;
    for (const [args, message] of cases) {
      const result = await runCli([...args], { dataDir });
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
  });
});

describe('policy recommend', () => {
  test('prints a valid policy document written from the catalog', async () => {
    const result = await runCli(['policy', 'recommend', 'faulty'], { dataDir });
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    const tools = JSON.parse((await runCli(['catalog', 'faulty', '--json'], { dataDir })).stdout) as unknown[];
    expect(doc.description).toContain(`catalog of ${tools.length} tools`);
    const check = await runCli(['policy', 'check', await write('recommended.json', result.stdout)], { dataDir });
    expect(check.stdout).toBe('OK\n');
  });
});

describe('with a running gateway', () => {
  test('policy set changes the very next decision; show and test answer from the gateway', async () => {
    const dir = makeTempDir('portcullis-cli-policy-serve-');
    await runCli(['server', 'add', 'faulty', '--', process.execPath, FAULTY_ENTRY], { dataDir: dir });
    const token = (await runCli(['grant', 'create', 'agent'], { dataDir: dir })).stdout.trim();
    const serve = await startServe(dir);
    let client: Awaited<ReturnType<typeof connectHttpClient>> | undefined;
    try {
      client = await connectHttpClient(`${serve.url}/mcp/faulty`, { Authorization: `Bearer ${token}` });
      const before = await client.callTool({ name: 'whoami', arguments: {} });
      expect(before.isError).toBe(true);
      expect(textOf(before)).toMatch(/Portcullis denied 'whoami'/);

      const file = path.join(dir, 'allow.json');
      await writeFile(file, JSON.stringify({ version: '1', default: 'deny', tools: { whoami: {} } }));
      const set = await runCli(['policy', 'set', 'faulty', file], { dataDir: dir });
      expect(set.code).toBe(0);
      expect(set.stderr).toMatch(/the running gateway applies it/);

      const after = await client.callTool({ name: 'whoami', arguments: {} });
      expect(after.isError).toBeFalsy();
      expect(JSON.parse(textOf(after))).toHaveProperty('pid');

      // A bad hand edit is refused by the gateway, which keeps the last good policy: show says so.
      await writeFile(path.join(dir, 'policies', 'faulty.json'), '{ "version": "1", "default": "nope" }');
      // The gateway's file watcher sees the edit after its debounce: ask until it has (a count of tries ran out on a quiet machine).
      let show!: CliResult;
      await waitFor(
        async () => /was refused/.test((show = await runCli(['policy', 'show', 'faulty'], { dataDir: dir })).stderr),
        { interval: 100, what: 'the gateway to refuse the hand edit' },
      );
      expect(show.stderr).toMatch(/was refused \(1 error\); the last good version \(shown\) stays active/);
      expect(JSON.parse(show.stdout)).toMatchObject({ tools: { whoami: {} } });

      const dry = await runCli(['policy', 'test', 'faulty', '--tool', 'whoami', '--json'], { dataDir: dir });
      expect(JSON.parse(dry.stdout)).toMatchObject({ action: 'allow', record: { rule: 'tools.whoami', dryRun: true } });

      // The gateway's own connection catalogues the tools; catalog, review and recommend ask it.
      let rows: Array<{ name: string }> = [];
      await waitFor(async () => {
        rows = JSON.parse((await runCli(['catalog', 'faulty', '--json'], { dataDir: dir })).stdout);
        return rows.length > 0;
      }, { what: 'the gateway to catalogue the tools' });
      expect(rows.map((row) => row.name)).toContain('whoami');
      const review = await runCli(['catalog', 'review', 'faulty', 'whoami'], { dataDir: dir });
      expect(review.code).toBe(0);
      const recommended = JSON.parse((await runCli(['policy', 'recommend', 'faulty'], { dataDir: dir })).stdout);
      expect(recommended.description).toContain(`catalog of ${rows.length} tools`);
    } finally {
      await client?.close();
      await serve.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
