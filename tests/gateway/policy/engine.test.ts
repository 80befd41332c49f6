import { describe, expect, it } from 'vitest';
import { PolicyEngine, type DecideInput, type PolicyTool } from '../../../electron/gateway/policy/engine.js';
import { InputSchemaChecker } from '../../../electron/gateway/policy/input-schema-check.js';
import { MemoryCounterStore } from '../../../electron/gateway/policy/memory-counter-store.js';
import { denialResult } from '../../../electron/gateway/policy/messages.js';
import type { Policy, PolicyDecision } from '../../../shared/policy/types.js';
import { DEFAULT_DENY_POLICY, validatePolicy } from '../../../shared/policy/validate.js';
import { DESIGN_EXAMPLE } from '../../shared/policy/fixtures.js';

const NOW = 1_750_000_000_000;

function engineFor(doc: unknown, counters = new MemoryCounterStore(), serverId = 'odoo'): PolicyEngine {
  const result = validatePolicy(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return new PolicyEngine({ serverId, policy: result.policy, counters });
}

function call(tool: string | PolicyTool, args: Record<string, unknown> = {}, extra: Partial<DecideInput> = {}): DecideInput {
  return { tool: typeof tool === 'string' ? { name: tool } : tool, args, grant: 'Cursor', sessionId: 's1', now: NOW, ...extra };
}

function text(decision: PolicyDecision): string {
  if (decision.action !== 'deny' && decision.action !== 'hidden') throw new Error(`expected a denial, got ${decision.action}`);
  return decision.message;
}

describe('matching order', () => {
  const engine = engineFor({
    version: '1',
    default: 'approve',
    tools: {
      odoo_read: { action: 'allow' },
      'odoo_*': { action: 'deny', reason: 'glob odoo_*' },
      'odoo_re*': { action: 'allow' },
      '*_read': { action: 'deny', reason: 'glob *_read' },
      '*': { action: 'deny', reason: 'catch-all' },
    },
    risk: { read: { action: 'allow' }, destructive: { action: 'deny' } },
  });
  const rule = async (name: string, riskClass?: PolicyTool['riskClass']) =>
    (await engine.decide(call(riskClass ? { name, riskClass } : { name }))).record.rule;

  it('prefers the exact name over any glob', async () => {
    expect(await rule('odoo_read')).toBe('tools.odoo_read');
  });

  it('then the longest matching glob, with documented tie-breaks', async () => {
    expect(await rule('odoo_reset')).toBe('tools.odoo_re*');
    expect(await rule('odoo_write')).toBe('tools.odoo_*');
    // 'odoo_*' and '*_read' are the same length and have one star: the longer literal prefix wins
    expect(await rule('odoo_x_read')).toBe('tools.odoo_*');
    expect(await rule('sheet_read')).toBe('tools.*_read');
    expect(await rule('anything')).toBe('tools.*');
  });

  it('then the risk rule for the tool class, then default', async () => {
    const noGlobs = engineFor({ version: '1', default: 'approve', tools: { exact: {} }, risk: { read: { action: 'allow' }, destructive: { action: 'deny' } } });
    expect((await noGlobs.decide(call({ name: 'x', riskClass: 'read' }))).record.rule).toBe('risk.read');
    const destructive = await noGlobs.decide(call({ name: 'x', riskClass: 'destructive' }));
    expect(destructive.record.rule).toBe('risk.destructive');
    expect(text(destructive)).toBe("Portcullis denied 'x': tools in risk class 'destructive' are denied. Rule: risk.destructive.");
    const unclassified = await noGlobs.decide(call('x'));
    expect(unclassified).toMatchObject({ action: 'approve', timeoutSeconds: 50, record: { rule: 'default', action: 'approve' } });
    expect((await noGlobs.decide(call({ name: 'x', riskClass: 'write' }))).record.rule).toBe('default');
  });

  it('a tool rule beats the risk rule', async () => {
    expect(await rule('odoo_read', 'destructive')).toBe('tools.odoo_read');
  });

  it('resolves 1,000 globs without mixing them up', async () => {
    const tools: Record<string, object> = {};
    for (let i = 0; i < 1000; i++) tools[`svc${i}_*`] = { action: 'deny', reason: `r${i}` };
    const big = engineFor({ version: '1', default: 'allow', tools });
    for (const i of [0, 7, 10, 99, 100, 999]) {
      const decision = await big.decide(call(`svc${i}_read`));
      expect(decision.record.rule).toBe(`tools.svc${i}_*`);
    }
    expect((await big.decide(call('other'))).record.rule).toBe('default');
  });
});

describe('hide and tools/list', () => {
  it('hides listed names and globs, and denies them at call time as not available', async () => {
    const engine = engineFor({ version: '1', default: 'allow', hide: ['secret', 'delete_*'], tools: { delete_one: {} } });
    expect(engine.isVisible({ name: 'delete_one' })).toBe(false);
    expect(engine.isVisible({ name: 'secret' })).toBe(false);
    expect(engine.isVisible({ name: 'read' })).toBe(true);
    const decision = await engine.decide(call('delete_one'));
    expect(decision).toMatchObject({ action: 'hidden', message: "tool not available: 'delete_one'", record: { action: 'hidden', rule: 'hide[1]', counters: [] } });
    expect((await engine.decide(call('secret'))).record.rule).toBe('hide[0]');
    expect(engineFor({ version: '1', default: 'allow', hide: ['*'] }).isVisible({ name: 'x' })).toBe(false);
  });

  it('under default deny, lists what a rule names (explicit deny included) and hides only what the default denies', () => {
    const engine = engineFor({
      version: '1',
      default: 'deny',
      tools: { allowed: {}, conditional: { require: [{ path: 'args.x', op: 'exists' }] }, denied: { action: 'deny' }, held: { action: 'approve' } },
      risk: { destructive: { action: 'deny' }, read: {} },
    });
    const listed = engine.filterTools(
      [{ name: 'allowed' }, { name: 'conditional' }, { name: 'denied' }, { name: 'held' }, { name: 'unlisted' }, { name: 'wipe' }, { name: 'peek' }],
      (tool) => (tool.name === 'wipe' ? 'destructive' : tool.name === 'peek' ? 'read' : undefined),
    );
    // Explicit beats silent: 'denied' and 'wipe' have rules of their own, so their reasons reach the agent.
    expect(listed.map((t) => t.name)).toEqual(['allowed', 'conditional', 'denied', 'held', 'wipe', 'peek']);
  });

  it('hide still removes a tool under any default', () => {
    const engine = engineFor({ version: '1', default: 'deny', hide: ['denied'], tools: { denied: { action: 'deny', reason: 'no' } } }, undefined);
    expect(engine.isVisible({ name: 'denied' })).toBe(false);
  });

  it('under default allow, an explicitly denied tool stays visible (its reason reaches the agent)', () => {
    const engine = engineFor({ version: '1', default: 'allow', tools: { denied: { action: 'deny' } } });
    expect(engine.isVisible({ name: 'denied' })).toBe(true);
  });
});

describe('actions and messages', () => {
  const engine = engineFor(DESIGN_EXAMPLE);

  it('denies with the rule and its reason', async () => {
    const decision = await engine.decide(call('odoo_unlink'));
    expect(text(decision)).toBe("Portcullis denied 'odoo_unlink': its rule denies every call. Rule: tools.odoo_unlink. Deleting records is not allowed for agents");
    expect(decision.record).toEqual({
      action: 'deny',
      rule: 'tools.odoo_unlink',
      cause: 'action',
      causePath: 'tools.odoo_unlink',
      detail: 'its rule denies every call',
      reason: 'Deleting records is not allowed for agents',
      counters: [],
      revision: engine.revision,
    });
    expect(denialResult(decision as Extract<PolicyDecision, { action: 'deny' }>)).toEqual({ content: [{ type: 'text', text: text(decision) }], isError: true });
  });

  it('accepts on_deny as the reason', async () => {
    const alias = engineFor({ version: '1', default: 'allow', tools: { t: { action: 'deny', on_deny: 'Use the other tool' } } });
    expect(text(await alias.decide(call('t')))).toMatch(/Rule: tools\.t\. Use the other tool$/);
  });

  it('denies unlisted tools under default deny, and says when the server has no policy at all', async () => {
    expect(text(await engine.decide(call('odoo_search')))).toBe("Portcullis denied 'odoo_search': no rule allows this tool (default: deny). Rule: default.");
    const none = new PolicyEngine({ serverId: 'fresh', policy: DEFAULT_DENY_POLICY, counters: new MemoryCounterStore() });
    expect(text(await none.decide(call('x')))).toBe("Portcullis denied 'x': server 'fresh' has no policy file yet, so every call is denied. Rule: default.");
    expect(none.isVisible({ name: 'x' })).toBe(false);
  });

  it('holds approve rules with their timeout (default 50 s) and where to ask (approval.via)', async () => {
    const via = engineFor({ version: '1', default: 'deny', tools: { t: { action: 'approve', approval: { via: ['client', 'tray'] } }, u: { action: 'approve' } } });
    expect(await via.decide(call('t'))).toMatchObject({ action: 'approve', timeoutSeconds: 50, via: ['client', 'tray'] });
    expect(await via.decide(call('u'))).not.toHaveProperty('via');
    expect(await engine.decide(call('odoo_execute'))).toMatchObject({ action: 'approve', timeoutSeconds: 120, record: { rule: 'tools.odoo_execute' } });
    const custom = engineFor({ version: '1', default: 'deny', tools: { t: { action: 'approve', approval: { timeout_s: 5 } } } });
    expect(await custom.decide(call('t'))).toMatchObject({ action: 'approve', timeoutSeconds: 5 });
  });

  it('allows a listed tool with {} under default deny', async () => {
    const allowed = engineFor({ version: '1', default: 'deny', tools: { t: {} } });
    expect(await allowed.decide(call('t'))).toEqual({ action: 'allow', tool: 't', record: { action: 'allow', rule: 'tools.t', counters: [], revision: allowed.revision } });
  });
});

describe('conditions', () => {
  const engine = engineFor(DESIGN_EXAMPLE);

  it('require: all must hold, and the message names the failing condition', async () => {
    const decision = await engine.decide(call('ai_pipeline_run', { pipeline: 'drop', source_id: 3 }));
    expect(text(decision)).toBe(
      "Portcullis denied 'ai_pipeline_run': the arguments fail tools.ai_pipeline_run.require[0], which requires that args.pipeline is one of [\"tokenize\",\"refresh\"]; got \"drop\". Rule: tools.ai_pipeline_run. Pipelines are rate-capped",
    );
    expect(decision.record).toMatchObject({ cause: 'require', causePath: 'tools.ai_pipeline_run.require[0]' });
    expect(text(await engine.decide(call('ai_pipeline_run', { source_id: 3 })))).toContain('args.pipeline is missing');
  });

  it('deny_if: any one that holds denies', async () => {
    const decision = await engine.decide(call('ai_pipeline_run', { pipeline: 'tokenize', source_id: 0 }));
    expect(text(decision)).toContain('the arguments match tools.ai_pipeline_run.deny_if[0]: args.source_id is less than 1 (got 0)');
    expect(decision.record.cause).toBe('deny_if');
    expect((await engine.decide(call('ai_pipeline_run', { pipeline: 'tokenize', source_id: 5 }))).action).toBe('allow');
  });

  it('a value that cannot be compared denies, in deny_if as in require', async () => {
    const decision = await engine.decide(call('ai_pipeline_run', { pipeline: 'tokenize', source_id: { sneaky: true } }));
    expect(text(decision)).toContain('tools.ai_pipeline_run.deny_if[0] could not be checked: args.source_id is {"sneaky":true}, not a number to compare with 1');
  });
});

describe('validate_schema', () => {
  const schema = {
    type: 'object',
    properties: { pipeline: { type: 'string', enum: ['tokenize', 'refresh'] }, source_id: { type: 'integer' } },
    required: ['source_id'],
    additionalProperties: false,
  };
  const tool = { name: 'run', inputSchema: schema };

  it('rejects arguments that do not match the tool input schema, listing the problems with paths', async () => {
    const engine = engineFor({ version: '1', default: 'deny', tools: { run: { validate_schema: true } } });
    const decision = await engine.decide(call(tool, { pipeline: 'drop', extra: 1 }));
    expect(decision.record).toMatchObject({ cause: 'schema', causePath: 'tools.run.validate_schema' });
    const message = text(decision);
    expect(message).toContain("the arguments do not match the tool's input schema:");
    expect(message).toContain("args must have required property 'source_id'");
    expect(message).toContain("args must NOT have additional properties 'extra'");
    expect(message).toContain('args.pipeline must be equal to one of the allowed values ["tokenize","refresh"]');
    expect((await engine.decide(call(tool, { pipeline: 'refresh', source_id: 4 }))).action).toBe('allow');
  });

  it('applies policy-wide unless a rule switches it off, and compiles each schema once', async () => {
    const checker = new InputSchemaChecker();
    const policy = validatePolicy({ version: '1', default: 'allow', validate_schema: true, tools: { loose: { validate_schema: false } } });
    if (!policy.ok) throw new Error('invalid');
    const engine = new PolicyEngine({ serverId: 's', policy: policy.policy, counters: new MemoryCounterStore(), schemaChecker: checker });
    expect((await engine.decide(call(tool, {}))).record).toMatchObject({ action: 'deny', causePath: 'validate_schema' });
    expect((await engine.decide(call({ name: 'loose', inputSchema: schema }, {}))).action).toBe('allow');
    for (let i = 0; i < 5; i++) await engine.decide(call({ name: 'run', inputSchema: structuredClone(schema) }, { source_id: i }));
    expect(checker.compiledCount).toBe(1);
  });
});

describe('limits', () => {
  it('admits exactly 10 of 50 concurrent calls for a 10/minute grant counter; another grant gets its own 10', async () => {
    const engine = engineFor(DESIGN_EXAMPLE);
    const args = { pipeline: 'tokenize', source_id: 1 };
    const burst = (grant: string) => Promise.all(Array.from({ length: 50 }, () => engine.decide(call('ai_pipeline_run', args, { grant }))));
    const [first, second] = await Promise.all([burst('Cursor'), burst('Claude Desktop')]);
    for (const decisions of [first, second]) {
      expect(decisions.filter((d) => d.action === 'allow')).toHaveLength(10);
      expect(decisions.filter((d) => d.action === 'deny')).toHaveLength(40);
    }
    const denied = first.find((d) => d.action === 'deny');
    expect(text(denied as PolicyDecision)).toBe(
      "Portcullis denied 'ai_pipeline_run': rate limit 'ai_pipeline_run_rate' (10 per minute per grant) is used up; retry in 60 s. Rule: tools.ai_pipeline_run. Pipelines are rate-capped",
    );
    expect(denied).toMatchObject({ retryAfterSeconds: 60, record: { cause: 'limit', causePath: 'tools.ai_pipeline_run.limits[0]' } });
    // later, the retry time shrinks with the window
    const later = await engine.decide(call('ai_pipeline_run', args, { now: NOW + 18_000 }));
    expect(later).toMatchObject({ action: 'deny', retryAfterSeconds: 42 });
    expect(text(later)).toContain('retry in 42 s');
    expect((await engine.decide(call('ai_pipeline_run', args, { now: NOW + 60_000 }))).action).toBe('allow');
  });

  it('records the counters every decision touched', async () => {
    const engine = engineFor(DESIGN_EXAMPLE);
    const decision = await engine.decide(call('ai_pipeline_run', { pipeline: 'refresh', source_id: 2 }));
    expect(decision.record.counters).toEqual([
      { counter: 'all', scope: 'grant', scopeKey: 'grant:Cursor', limitPath: 'all_tools.limits[0]', windowSeconds: 60, max: 120, amount: 1, used: 1 },
      { counter: 'ai_pipeline_run_rate', scope: 'grant', scopeKey: 'grant:Cursor', limitPath: 'tools.ai_pipeline_run.limits[0]', windowSeconds: 60, max: 10, amount: 1, used: 1 },
    ]);
  });

  it('all_tools limits apply to every call, and a call denied by one limit counts on none', async () => {
    const engine = engineFor({
      version: '1',
      default: 'allow',
      all_tools: { limits: [{ counter: 'all', window: 'hour', max: 5, scope: 'grant' }] },
      tools: { slow: { rate_limit: { max: 1, window: 'minute' } } },
    });
    expect((await engine.decide(call('slow'))).action).toBe('allow');
    const blocked = await engine.decide(call('slow'));
    expect(text(blocked)).toContain("rate limit 'tools.slow.rate_limit' (1 per minute per grant) is used up");
    expect(blocked.record.counters.map((c) => c.used)).toEqual([1, 1]);
    for (let i = 0; i < 4; i++) expect((await engine.decide(call(`t${i}`))).action).toBe('allow');
    const capped = await engine.decide(call('t9'));
    // The all_tools limit decided, not the tool's rule (`default` here): the record and the message say so.
    expect(text(capped)).toBe("Portcullis denied 't9': rate limit 'all' (5 per hour per grant) is used up; retry in 60 min. Rule: all_tools.limits[0].");
    expect(capped.record).toMatchObject({ rule: 'all_tools.limits[0]', cause: 'limit', causePath: 'all_tools.limits[0]' });
  });

  it("a run-out all_tools limit carries all_tools.reason, never the tool rule's reason", async () => {
    const engine = engineFor({
      version: '1',
      default: 'deny',
      all_tools: { limits: [{ counter: 'all', window: 'hour', max: 1 }], reason: 'One call an hour for this server' },
      risk: { read: { action: 'allow', reason: 'Reading is allowed' } },
      tools: { own: { reason: 'Own rule', limits: [{ counter: 'own', window: 'hour', max: 1 }] } },
    });
    const peek = { name: 'peek', riskClass: 'read' as const };
    expect((await engine.decide(call(peek))).action).toBe('allow');
    const capped = await engine.decide(call(peek));
    expect(capped.record).toMatchObject({ rule: 'all_tools.limits[0]', reason: 'One call an hour for this server' });
    expect(text(capped)).toMatch(/Rule: all_tools\.limits\[0\]\. One call an hour for this server$/);
    expect(text(capped)).not.toMatch(/Reading is allowed/);
    // A tool's own limit is its own rule's: blamed on the rule, with the rule's reason.
    const fresh = engineFor({ version: '1', default: 'deny', tools: { own: { reason: 'Own rule', limits: [{ counter: 'own', window: 'hour', max: 1 }] } } });
    await fresh.decide(call('own'));
    const own = await fresh.decide(call('own'));
    expect(own.record).toMatchObject({ rule: 'tools.own', causePath: 'tools.own.limits[0]', reason: 'Own rule' });
  });

  it('names the tool as the client called it (the aggregate endpoint) while matching its own name', async () => {
    const engine = engineFor({ version: '1', default: 'deny', hide: ['secret'], tools: { 'get-sum': { action: 'deny', reason: 'no sums' } } });
    expect(text(await engine.decide(call('get-sum', {}, { calledAs: 'everything__get-sum' })))).toBe(
      "Portcullis denied 'everything__get-sum': its rule denies every call. Rule: tools.get-sum. no sums",
    );
    expect(text(await engine.decide(call('secret', {}, { calledAs: 'everything__secret' })))).toBe("tool not available: 'everything__secret'");
  });

  it('counters with the same name share one budget across tools; scopes session and global', async () => {
    const engine = engineFor({
      version: '1',
      default: 'deny',
      tools: {
        a: { limits: [{ counter: 'shared', window: 60, max: 2, scope: 'global' }] },
        b: { limits: [{ counter: 'shared', window: 60, max: 2, scope: 'global' }] },
        s: { limits: [{ counter: 'per_session', window: 'day', max: 1, scope: 'session' }] },
      },
    });
    expect((await engine.decide(call('a', {}, { grant: 'g1' }))).action).toBe('allow');
    expect((await engine.decide(call('b', {}, { grant: 'g2' }))).action).toBe('allow');
    expect(text(await engine.decide(call('a', {}, { grant: 'g3' })))).toContain("rate limit 'shared' (2 per minute in total) is used up");
    expect((await engine.decide(call('s', {}, { sessionId: 'x' }))).action).toBe('allow');
    expect((await engine.decide(call('s', {}, { sessionId: 'x' }))).action).toBe('deny');
    expect((await engine.decide(call('s', {}, { sessionId: 'y' }))).action).toBe('allow');
  });

  it('a limit without a scope counts per grant', async () => {
    const engine = engineFor({ version: '1', default: 'allow', all_tools: { limits: [{ counter: 'c', window: 'minute', max: 1 }] } });
    expect(await engine.decide(call('t'))).toMatchObject({ action: 'allow', record: { counters: [{ scope: 'grant', scopeKey: 'grant:Cursor' }] } });
    expect((await engine.decide(call('t'))).action).toBe('deny');
    expect((await engine.decide(call('t', {}, { grant: 'Other' }))).action).toBe('allow');
  });

  it('counters are per server', async () => {
    const counters = new MemoryCounterStore();
    const doc = { version: '1', default: 'allow', all_tools: { limits: [{ counter: 'c', window: 60, max: 1, scope: 'global' }] } };
    expect((await engineFor(doc, counters, 'one').decide(call('t'))).action).toBe('allow');
    expect((await engineFor(doc, counters, 'two').decide(call('t'))).action).toBe('allow');
    expect((await engineFor(doc, counters, 'one').decide(call('t'))).action).toBe('deny');
  });

  it('increment_from caps a sum of argument values (spend caps)', async () => {
    const engine = engineFor({
      version: '1',
      default: 'deny',
      tools: { pay: { limits: [{ counter: 'spend', window: 'day', max: 100, scope: 'grant', increment_from: 'args.amount' }] } },
    });
    const pay = (amount: unknown, now = NOW) => engine.decide(call('pay', amount === undefined ? {} : { amount }, { now }));
    expect(await pay(60)).toMatchObject({ action: 'allow', record: { counters: [{ amount: 60, used: 60 }] } });
    expect(await pay('30.5')).toMatchObject({ action: 'allow', record: { counters: [{ amount: 30.5, used: 90.5 }] } });
    const over = await pay(20, NOW + 3_600_000);
    expect(text(over)).toBe(
      "Portcullis denied 'pay': limit 'spend' (100 of args.amount per day per grant) has 9.5 left and this call needs 20; retry in 23 h. Rule: tools.pay.",
    );
    expect((await pay(9.5)).action).toBe('allow');
    expect(text(await pay(500))).toContain('cannot admit this call: it needs 500; waiting will not help');
    expect((await pay(500)).action === 'deny' && (await pay(500))).not.toHaveProperty('retryAfterSeconds');
    expect(text(await pay(undefined))).toContain('args.amount is missing, and this limit counts it');
    expect(text(await pay(-5))).toContain('args.amount is -5, but this limit counts it and needs a number of 0 or more');
    expect(text(await pay('ten'))).toContain('args.amount is "ten"');
    // the whole budget is back a day after the first payments
    expect((await pay(100, NOW + 86_400_000)).action).toBe('allow');
  });

  it('approve counts limits before the call is held', async () => {
    const engine = engineFor({ version: '1', default: 'deny', tools: { held: { action: 'approve', rate_limit: { max: 1, window: 'hour' } } } });
    expect(await engine.decide(call('held'))).toMatchObject({ action: 'approve', record: { counters: [{ used: 1 }] } });
    expect((await engine.decide(call('held'))).action).toBe('deny');
  });

  it('a dry run reports the decision without using any budget', async () => {
    const engine = engineFor({ version: '1', default: 'allow', all_tools: { limits: [{ counter: 'c', window: 60, max: 1, scope: 'grant' }] } });
    for (let i = 0; i < 3; i++) {
      expect(await engine.decide(call('t'), { dryRun: true })).toMatchObject({ action: 'allow', record: { dryRun: true, counters: [{ used: 1 }] } });
    }
    expect((await engine.decide(call('t'))).action).toBe('allow');
    expect(await engine.decide(call('t'), { dryRun: true })).toMatchObject({ action: 'deny', record: { dryRun: true } });
  });

  it('works with an asynchronous counter store', async () => {
    const memory = new MemoryCounterStore();
    const slow = { consume: async (...args: Parameters<MemoryCounterStore['consume']>) => memory.consume(...args) };
    const engine = new PolicyEngine({ serverId: 's', policy: { version: '1', default: 'allow', tools: { t: { rate_limit: { max: 2, window: 60 } } } }, counters: slow });
    const decisions = await Promise.all(Array.from({ length: 5 }, () => engine.decide(call('t'))));
    expect(decisions.filter((d) => d.action === 'allow')).toHaveLength(2);
  });
});

describe('policy swaps', () => {
  it('setPolicy applies a new policy to the next decision', async () => {
    const engine = engineFor({ version: '1', default: 'deny' });
    expect((await engine.decide(call('t'))).action).toBe('deny');
    engine.setPolicy({ version: '1', default: 'allow', redact: ['token'] } satisfies Policy);
    expect((await engine.decide(call('t'))).action).toBe('allow');
    expect(engine.redactKeys).toEqual(['token']);
  });
});
