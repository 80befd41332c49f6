// The policy, enforced through the real gateway: denials never reach the upstream, hidden
// tools vanish, limits admit exactly their budget per grant, and budgets survive a restart.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { odooFixture, startTestApp, type TestApp } from '../helpers/app.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { waitFor } from '../helpers/wait-for.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const SEED_POLICY = {
  version: '1',
  default: 'deny',
  hide: ['odoo_unlink*'],
  tools: {
    ai_pipeline_run: {
      limits: [{ counter: 'ai_pipeline_run_rate', window: 'minute', max: 10, scope: 'grant' }],
      reason: 'Pipelines are rate-capped',
    },
    odoo_search_read: { deny_if: [{ path: 'args.limit', op: 'gt', value: 500 }] },
    odoo_execute: { action: 'deny', reason: 'Raw execute is not allowed for agents' },
    'odoo_*_read': { require: [{ path: 'args.model', op: 'exists', value: true }] },
  },
};

let app: TestApp | undefined;
let tmp: string | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
  if (tmp) await rm(tmp, { recursive: true, force: true });
  tmp = undefined;
});

async function callsReceived(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line).name);
}

describe('through the real gateway', () => {
  test('a denied tool gets the policy error and never reaches the upstream', async () => {
    tmp = makeTempDir('portcullis-calls-');
    const callsFile = path.join(tmp, 'calls.jsonl');
    app = await startTestApp({ servers: { odoo: odooFixture({ CALLS_FILE: callsFile }) }, policies: { odoo: SEED_POLICY } });
    const client = await connectHttpClient(app.endpoint('odoo'), { Authorization: `Bearer ${await app.grant('agent')}` });

    const denied = await client.callTool({ name: 'odoo_execute', arguments: { model: 'res.partner', method: 'unlink' } });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toMatch(/odoo_execute/);
    expect(textOf(denied)).toMatch(/tools\.odoo_execute/);
    expect(textOf(denied)).toMatch(/Raw execute is not allowed for agents/);

    const condition = await client.callTool({ name: 'odoo_search_read', arguments: { model: 'res.partner', limit: 1000 } });
    expect(condition.isError).toBe(true);

    const unlisted = await client.callTool({ name: 'odoo_create', arguments: {} });
    expect(textOf(unlisted)).toMatch(/default/);

    const allowed = await client.callTool({ name: 'odoo_search_read', arguments: { model: 'res.partner', limit: 5 } });
    expect(textOf(allowed)).toBe('ok: odoo_search_read');

    // Upstream side: only the allowed call arrived.
    expect(await callsReceived(callsFile)).toEqual(['odoo_search_read']);
    await client.close();
  });

  test('hidden tools, and tools only default deny denies, are absent from tools/list; an explicitly denied tool stays listed', async () => {
    app = await startTestApp({ servers: { odoo: odooFixture() }, policies: { odoo: SEED_POLICY } });
    const client = await connectHttpClient(app.endpoint('odoo'), { Authorization: `Bearer ${await app.grant('agent')}` });
    const names = (await client.listTools()).tools.map((t) => t.name).sort();
    const fixture = JSON.parse(await readFile('tests/fixtures/odoo-claude-mcp-tools.json', 'utf8')) as { name: string }[];
    // Visible: the exact rules (odoo_execute's deny included: its reason reaches the agent), and tools under the glob.
    const expected = fixture.map((t) => t.name).filter((n) => n === 'ai_pipeline_run' || n === 'odoo_search_read' || n === 'odoo_execute' || /^odoo_.+_read$/.test(n));
    expect(names).toEqual([...new Set(expected)].sort());
    expect(names.length).toBeLessThan(fixture.length / 2);
    const hidden = await client.callTool({ name: 'odoo_unlink', arguments: {} });
    expect(textOf(hidden)).toMatch(/not available/);
    await client.close();
  });

  test('ai_pipeline_run, 10 per minute per grant: exactly 10 of 50 concurrent calls, and another grant gets its own 10', async () => {
    app = await startTestApp({ servers: { odoo: odooFixture() }, policies: { odoo: SEED_POLICY } });
    const first = await connectHttpClient(app.endpoint('odoo'), { Authorization: `Bearer ${await app.grant('claude')}` });
    const second = await connectHttpClient(app.endpoint('odoo'), { Authorization: `Bearer ${await app.grant('cursor')}` });
    const burst = (client: typeof first) =>
      Promise.all(Array.from({ length: 50 }, (_, i) => client.callTool({ name: 'ai_pipeline_run', arguments: { pipeline: 'tokenize', i } })));
    const [a, b] = await Promise.all([burst(first), burst(second)]);
    for (const results of [a, b]) {
      expect(results.filter((r) => !r.isError)).toHaveLength(10);
      const refusal = results.find((r) => r.isError)!;
      expect(textOf(refusal)).toMatch(/ai_pipeline_run_rate/);
      expect(textOf(refusal)).toMatch(/10 per minute/);
      expect(textOf(refusal)).toMatch(/retry in \d+ s/);
    }
    await Promise.all([first.close(), second.close()]);
  });

  test('counters survive a gateway restart', async () => {
    tmp = makeTempDir('portcullis-restart-');
    app = await startTestApp({ dataDir: tmp, servers: { odoo: odooFixture() }, policies: { odoo: SEED_POLICY } });
    const token = await app.grant('claude');
    let client = await connectHttpClient(app.endpoint('odoo'), { Authorization: `Bearer ${token}` });
    for (let i = 0; i < 7; i++) expect((await client.callTool({ name: 'ai_pipeline_run', arguments: {} })).isError).toBeFalsy();
    await client.close();
    await app.stop();

    app = await startTestApp({ dataDir: tmp });
    client = await connectHttpClient(app.endpoint('odoo'), { Authorization: `Bearer ${token}` });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await client.callTool({ name: 'ai_pipeline_run', arguments: {} }));
    expect(results.filter((r) => !r.isError)).toHaveLength(3);
    await client.close();
  });

  test('a hand edit is hot-reloaded; an invalid edit is refused and the last good policy stays', async () => {
    app = await startTestApp({ servers: { odoo: odooFixture() }, policies: { odoo: SEED_POLICY } });
    const refused: string[] = [];
    app.api.subscribe((event, payload) => {
      if (event === 'policy-refused') refused.push(JSON.stringify(payload));
    });
    const client = await connectHttpClient(app.endpoint('odoo'), { Authorization: `Bearer ${await app.grant('agent')}` });
    const file = path.join(app.dataDir, 'policies', 'odoo.json');
    expect((await client.callTool({ name: 'odoo_create', arguments: {} })).isError).toBe(true);

    await writeFile(file, JSON.stringify({ ...SEED_POLICY, tools: { ...SEED_POLICY.tools, odoo_create: {} } }));
    await waitFor(async () => !(await client.callTool({ name: 'odoo_create', arguments: {} })).isError, { what: 'the edit to apply' });

    await writeFile(file, JSON.stringify({ ...SEED_POLICY, default: 'maybe' }));
    await waitFor(() => refused.length > 0, { what: 'the bad edit to be refused' });
    expect(refused[0]).toMatch(/default/);
    expect((await client.callTool({ name: 'odoo_create', arguments: {} })).isError).toBeFalsy();
    await client.close();
  });
});
