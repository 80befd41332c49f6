// Replay predicts, live confirms: traffic through the real gateway is logged under one policy,
// a draft is replayed over that log, then the draft is made live and the same traffic sent
// again; every call gets exactly the decision the replay predicted (denials, approvals, limits).
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, expect, test } from 'vitest';
import type { CallRecord } from '../../shared/calls.js';
import type { PolicyReplay } from '../../shared/policy-replay.js';
import type { Policy } from '../../shared/policy/types.js';
import { DEMO_POLICY } from '../../electron/gateway/demo/demo-policy.js';
import { demoUpstream } from '../../electron/gateway/demo/install-demo.js';
import { loggedOutcome } from '../../electron/gateway/policy/replay.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { everythingStdio } from '../helpers/gateway.js';
import { connectHttpClient } from '../helpers/sdk-client.js';

const ALLOW_ALL: Policy = { version: '1', default: 'allow' };
type Call = { grant: string; tool: string; args: Record<string, unknown> };

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

/** Sends the calls in order, one client per grant; every held call is answered "deny" at once. */
async function send(test: TestApp, serverId: string, calls: readonly Call[]): Promise<void> {
  const clients = new Map<string, Client>();
  const tokens = new Map<string, string>();
  const stop = test.api.subscribe((event, payload) => {
    if (event === 'approval-requested') void test.api.decideApproval({ id: (payload as { id: string }).id, decision: { action: 'deny', reason: 'test' } });
  });
  try {
    for (const call of calls) {
      let client = clients.get(call.grant);
      if (!client) {
        const token = tokens.get(call.grant) ?? (await test.grant(`${call.grant}-${Math.random().toString(36).slice(2, 6)}`));
        tokens.set(call.grant, token);
        client = await connectHttpClient(test.endpoint(serverId), { Authorization: `Bearer ${token}` });
        await client.listTools();
        clients.set(call.grant, client);
      }
      await client.callTool({ name: call.tool, arguments: call.args });
    }
  } finally {
    stop();
    await Promise.all([...clients.values()].map((c) => c.close()));
  }
}

async function loggedSince(test: TestApp, serverId: string, from: string): Promise<CallRecord[]> {
  await test.app.calls.flush();
  const page = await test.api.queryCalls({ server: serverId, from, limit: 1000 });
  return [...page.records].reverse();
}

/** What the replay says each logged call would get, in log order. */
function predicted(records: readonly CallRecord[], replay: PolicyReplay): string[] {
  const changed = new Map(replay.changed.map((c) => [c.id, c.after]));
  return records.map((r) => changed.get(r.id) ?? String(loggedOutcome(r)));
}

async function predictThenApply(serverId: string, traffic: readonly Call[], draft: Policy) {
  const test = app as TestApp;
  const t1 = new Date().toISOString();
  await send(test, serverId, traffic);
  const before = await loggedSince(test, serverId, t1);
  expect(before).toHaveLength(traffic.length);
  const replay = await test.api.replayPolicy({ serverId, text: JSON.stringify(draft), from: t1 });
  expect(replay.summary.replayed).toBe(traffic.length);

  const saved = await test.api.savePolicy({ serverId, text: JSON.stringify(draft) });
  expect(saved.ok).toBe(true);
  const t2 = new Date(Date.now() + 1).toISOString();
  await new Promise((resolve) => setTimeout(resolve, 5));
  await send(test, serverId, traffic);
  const after = await loggedSince(test, serverId, t2);
  expect(after).toHaveLength(traffic.length);
  // Provenance: every live decision names the draft's revision, every earlier one the policy before it.
  expect(new Set(after.map((r) => r.policyRevision))).toEqual(new Set([replay.summary.draftRevision]));
  for (const change of replay.changed) expect(change.beforeRevision).toBe(before.find((r) => r.id === change.id)?.policyRevision);
  return { replay, predicted: predicted(before, replay), live: after.map((r) => String(loggedOutcome(r))) };
}

test('server-everything: replay predicts denials, approvals and rate limits; live gives exactly them', async () => {
  app = await startTestApp({ servers: { everything: everythingStdio() }, policies: { everything: ALLOW_ALL } });
  const traffic: Call[] = [
    ...Array.from({ length: 5 }, (_, i) => ({ grant: 'a', tool: 'echo', args: { message: `hi ${i}` } })),
    { grant: 'a', tool: 'get-sum', args: { a: 1, b: 2 } },
    { grant: 'a', tool: 'get-sum', args: { a: 50, b: 1 } },
    { grant: 'a', tool: 'get-tiny-image', args: {} },
    { grant: 'b', tool: 'echo', args: { message: 'b' } },
    { grant: 'b', tool: 'echo', args: { message: 'b' } },
    { grant: 'b', tool: 'get-sum', args: { a: 20, b: 1 } },
  ];
  const draft: Policy = {
    version: '1',
    default: 'allow',
    tools: {
      echo: { rate_limit: { max: 3, window: 'minute' } },
      'get-sum': { deny_if: [{ path: 'args.a', op: 'gt', value: 10 }], reason: 'small sums only' },
      'get-tiny-image': { action: 'approve' },
    },
  };
  const { replay, predicted, live } = await predictThenApply('everything', traffic, draft);
  expect(replay.counts).toEqual({ 'allow → allow': 6, 'allow → rate-limited': 2, 'allow → deny': 2, 'allow → approve': 1 });
  expect(replay.summary.byRule.map((r) => [r.rule, r.changed])).toEqual([
    ['tools.echo.rate_limit', 2],
    ['tools.get-sum.deny_if[0]', 2],
    ['tools.get-tiny-image', 1],
  ]);
  expect(replay.summary.text).toBe('Of the last 11 calls, this change would have decided 5 differently: rate-limited 2, denied 2, held for approval 1.');
  expect(live).toEqual(predicted);
}, 60_000);

test('the Odoo demo catalog with generated traffic: the demo policy replayed, then live, decides alike', async () => {
  app = await startTestApp({ servers: { 'demo-odoo': demoUpstream() }, policies: { 'demo-odoo': ALLOW_ALL } });
  // A fixed pseudo-random mix: reads of allowed and other models, big reads, counts (a session limit of 3 a minute),
  // creates of ordinary and forbidden models, deletes, pipelines, Google tools and tools only a risk class governs.
  let seed = 7;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const kinds: ((grant: string) => Call)[] = [
    (grant) => ({ grant, tool: 'odoo_search_read', args: { model: ['res.partner', 'sale.order', 'hr.employee'][next(3)], limit: [10, 500][next(2)] } }),
    (grant) => ({ grant, tool: 'odoo_search_count', args: { model: 'res.partner' } }),
    (grant) => ({ grant, tool: 'odoo_create', args: { model: ['res.partner', 'res.users'][next(2)], values: { name: 'x' } } }),
    (grant) => ({ grant, tool: 'odoo_unlink', args: { model: 'res.partner', ids: [1] } }),
    (grant) => ({ grant, tool: 'ai_pipeline_run', args: { pipeline: ['tokenize', 'drop'][next(2)], source_id: next(3) } }),
    (grant) => ({ grant, tool: 'google_gmail_search', args: { query: 'x' } }),
  ];
  const traffic: Call[] = [
    ...Array.from({ length: 5 }, () => (kinds[1] as (g: string) => Call)('a')),
    ...Array.from({ length: 40 }, (_, i) => (kinds[next(kinds.length)] as (g: string) => Call)(i % 3 === 0 ? 'b' : 'a')),
  ];
  const { replay, predicted, live } = await predictThenApply('demo-odoo', traffic, DEMO_POLICY);
  for (const outcome of ['deny', 'approve', 'rate-limited']) expect(Object.keys(replay.counts).some((k) => k.endsWith(`→ ${outcome}`))).toBe(true);
  expect(live).toEqual(predicted);
}, 120_000);

test('a shadow limit that would have refused calls admits every one and logs each would-be refusal', async () => {
  app = await startTestApp({
    servers: { everything: everythingStdio() },
    policies: { everything: { version: '1', default: 'allow', tools: { echo: { rate_limit: { max: 2, window: 'minute', mode: 'shadow' } } } } },
  });
  const from = new Date().toISOString();
  await send(app, 'everything', Array.from({ length: 5 }, (_, i) => ({ grant: 'a', tool: 'echo', args: { message: `m${i}` } })));
  const records = await loggedSince(app, 'everything', from);
  expect(records.map((r) => [r.decision, r.upstream])).toEqual(Array.from({ length: 5 }, () => ['allow', 'ok']));
  expect(records.map((r) => r.shadow?.decision)).toEqual(['allow', 'allow', 'deny', 'deny', 'deny']);
  expect(records[2]?.shadow).toMatchObject({ rule: 'tools.echo.rate_limit', detail: expect.stringMatching(/rate limit .* is used up/) });
}, 60_000);
