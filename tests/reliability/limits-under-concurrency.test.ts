// 500 concurrent calls over 20 sessions and 3 grants against grant, session and global limits:
// never more admitted than any limit allows, per scope; and policy swaps under load never
// apply a half-loaded policy.
import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { odooFixture, startTestApp, type TestApp } from '../helpers/app.js';
import { connectHttpClient } from '../helpers/sdk-client.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

test('500 concurrent calls, 20 sessions, 3 grants: every scope holds', { timeout: 120_000 }, async () => {
  const policy = {
    version: '1',
    default: 'deny',
    tools: {
      ai_pipeline_run: {
        limits: [
          { counter: 'per_session', window: 'minute', max: 5, scope: 'session' },
          { counter: 'per_grant', window: 'minute', max: 30, scope: 'grant' },
          { counter: 'everyone', window: 'minute', max: 70, scope: 'global' },
        ],
      },
    },
  };
  app = await startTestApp({ servers: { odoo: odooFixture() }, policies: { odoo: policy } });
  const tokens = await Promise.all(['g1', 'g2', 'g3'].map((g) => app!.grant(g)));
  const clients = await Promise.all(Array.from({ length: 20 }, (_, i) => connectHttpClient(app!.endpoint('odoo'), { Authorization: `Bearer ${tokens[i % 3]}` })));
  const calls = Array.from({ length: 500 }, (_, i) => ({ client: i % 20, grant: `g${(i % 20) % 3 + 1}` }));
  const results = await Promise.all(calls.map(({ client }) => clients[client]!.callTool({ name: 'ai_pipeline_run', arguments: {} })));

  const admitted = calls.filter((_, i) => !results[i]!.isError);
  const perSession = new Map<number, number>();
  const perGrant = new Map<string, number>();
  for (const call of admitted) {
    perSession.set(call.client, (perSession.get(call.client) ?? 0) + 1);
    perGrant.set(call.grant, (perGrant.get(call.grant) ?? 0) + 1);
  }
  expect(Math.max(...perSession.values())).toBeLessThanOrEqual(5);
  expect(Math.max(...perGrant.values())).toBeLessThanOrEqual(30);
  // The global budget binds first (20 sessions × 5 = 100, 3 grants × 30 = 90 > 70), and is used exactly.
  expect(admitted).toHaveLength(70);
  await Promise.all(clients.map((c) => c.close()));
});

test('swapping policies while 1,000 calls run never applies a half-loaded policy', { timeout: 120_000 }, async () => {
  // Two policies that disagree on every tool they name: A allows odoo_* reads and denies the rest, B the reverse.
  const tools = ['odoo_search_read', 'odoo_read', 'odoo_create', 'odoo_write'];
  const policyA = { version: '1', default: 'deny', description: 'A', tools: Object.fromEntries(tools.map((t, i) => [t, i < 2 ? {} : { action: 'deny', reason: 'A' }])) };
  const policyB = { version: '1', default: 'deny', description: 'B', tools: Object.fromEntries(tools.map((t, i) => [t, i >= 2 ? {} : { action: 'deny', reason: 'B' }])) };
  app = await startTestApp({ servers: { odoo: odooFixture() }, policies: { odoo: policyA } });
  const file = path.join(app.dataDir, 'policies', 'odoo.json');
  const client = await connectHttpClient(app.endpoint('odoo'), { Authorization: `Bearer ${await app.grant('swap')}` });

  let swapping = true;
  let refused = 0;
  app.api.subscribe((event) => {
    if (event === 'policy-refused') refused++;
  });
  const swapper = (async () => {
    for (let i = 0; swapping; i++) {
      const text = JSON.stringify(i % 2 ? policyA : policyB, null, 2);
      // Written the way a careless editor would: truncate, half the text, a pause, the rest.
      const handle = await open(file, 'w');
      await handle.write(text.slice(0, text.length / 2));
      // Every third write pauses past the watcher's debounce, so it does read the half-written file.
      await new Promise((r) => setTimeout(r, i % 3 === 0 ? 250 : 15));
      await handle.write(text.slice(text.length / 2));
      await handle.close();
      // Long enough for the watcher's debounce to settle, so swaps really happen during the run.
      await new Promise((r) => setTimeout(r, 150));
    }
  })();

  const verdicts: string[] = [];
  for (let batch = 0; batch < 50; batch++) {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.callTool({ name: tools[i % 4]!, arguments: { model: 'x' } }).then((r) => ({ tool: tools[i % 4]!, ok: !r.isError }))),
    );
    for (const r of results) verdicts.push(`${r.tool}:${r.ok}`);
  }
  swapping = false;
  await swapper;
  await writeFile(file, JSON.stringify(policyA));
  expect(verdicts).toHaveLength(1000);

  // Every decision is one policy's or the other's, by a rule that exists in it — never the
  // default deny of an empty or broken file.
  const records = (await app.api.queryCalls({ limit: 1000 })).records;
  expect(records).toHaveLength(1000);
  for (const record of records) expect(record.rule).toMatch(/^tools\.odoo_/);
  expect(records.some((r) => r.decision === 'allow' && (r.tool === 'odoo_create' || r.tool === 'odoo_write'))).toBe(true); // B was active at times
  expect(records.some((r) => r.decision === 'allow' && (r.tool === 'odoo_read' || r.tool === 'odoo_search_read'))).toBe(true); // and A
  // Half-written files were seen, and refused rather than applied.
  expect(refused).toBeGreaterThan(0);
  await client.close();
});
