// Shadow rules and limits: the call proceeds as if they were absent, and the decision record
// carries what they would have decided. A shadow limit counts in a counter of its own.
import { describe, expect, it } from 'vitest';
import { PolicyEngine, type DecideInput } from '../../../electron/gateway/policy/engine.js';
import { MemoryCounterStore } from '../../../electron/gateway/policy/memory-counter-store.js';
import { validatePolicy } from '../../../shared/policy/validate.js';

const NOW = 1_750_000_000_000;

function engineFor(doc: unknown, counters = new MemoryCounterStore()): PolicyEngine {
  const result = validatePolicy(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return new PolicyEngine({ serverId: 'srv', policy: result.policy, counters });
}

const call = (tool: string, args: Record<string, unknown> = {}, at = NOW): DecideInput => ({ tool: { name: tool }, args, grant: 'Cursor', sessionId: 's1', now: at });

describe('shadow rules', () => {
  it('a shadow deny rule lets the call through and records the would-be denial', async () => {
    const engine = engineFor({ version: '1', default: 'allow', tools: { wipe: { action: 'deny', reason: 'no', mode: 'shadow' } } });
    const decision = await engine.decide(call('wipe'));
    expect(decision.action).toBe('allow');
    expect(decision.record.rule).toBe('default');
    expect(decision.record.shadow).toMatchObject({ action: 'deny', rule: 'tools.wipe', cause: 'action' });
    expect(engine.isVisible({ name: 'wipe' })).toBe(true);
  });

  it('a call no shadow rule governs carries no shadow verdict', async () => {
    const engine = engineFor({ version: '1', default: 'allow', tools: { wipe: { action: 'deny', mode: 'shadow' }, read: {} } });
    expect((await engine.decide(call('read'))).record.shadow).toBeUndefined();
  });

  it('a shadow allow under default deny: still denied, the record says it would have been allowed', async () => {
    const engine = engineFor({ version: '1', default: 'deny', tools: { 'get-*': { mode: 'shadow' } } });
    const decision = await engine.decide(call('get-sum'));
    expect(decision.action).toBe('deny');
    expect(decision.record.shadow).toMatchObject({ action: 'allow', rule: 'tools.get-*' });
    expect(engine.isVisible({ name: 'get-sum' })).toBe(false); // listed as if the shadow rule were absent
  });

  it('a shadow limit that would refuse admits every call and logs each would-be refusal; it counts in its own counter', async () => {
    const counters = new MemoryCounterStore();
    const engine = engineFor(
      {
        version: '1',
        default: 'allow',
        tools: {
          echo: { limits: [{ counter: 'echoes', window: 'minute', max: 2, mode: 'shadow' }, { counter: 'real', window: 'minute', max: 100 }] },
        },
      },
      counters,
    );
    const decisions = [];
    for (let i = 0; i < 5; i++) decisions.push(await engine.decide(call('echo', {}, NOW + i)));
    expect(decisions.map((d) => d.action)).toEqual(['allow', 'allow', 'allow', 'allow', 'allow']);
    expect(decisions.map((d) => d.record.shadow?.action)).toEqual(['allow', 'allow', 'deny', 'deny', 'deny']);
    expect(decisions[2]?.record.shadow).toMatchObject({ cause: 'limit', causePath: 'tools.echo.limits[0]' });
    // The enforced record counts only the real limit, once per call.
    expect(decisions[4]?.record.counters.map((c) => [c.counter, c.used])).toEqual([['real', 5]]);
    expect(Object.keys(counters.snapshot()).sort()).toEqual([JSON.stringify(['srv', 'real', 'grant:Cursor']), JSON.stringify(['srv', 'shadow:echoes', 'grant:Cursor'])].sort());
    expect(counters.snapshot()[JSON.stringify(['srv', 'shadow:echoes', 'grant:Cursor'])]?.entries.length).toBe(2);
  });

  it('a shadow all_tools limit never refuses, and is named when it would have', async () => {
    const engine = engineFor({ version: '1', default: 'allow', all_tools: { limits: [{ counter: 'all', window: 'minute', max: 1, mode: 'shadow' }] } });
    const first = await engine.decide(call('a'));
    const second = await engine.decide(call('b', {}, NOW + 1));
    expect([first.action, second.action]).toEqual(['allow', 'allow']);
    expect(second.record.shadow).toMatchObject({ action: 'deny', rule: 'all_tools.limits[0]', cause: 'limit' });
  });

  it('a dry run counts no shadow limit', async () => {
    const counters = new MemoryCounterStore();
    const engine = engineFor({ version: '1', default: 'allow', tools: { echo: { rate_limit: { max: 1, window: 'minute', mode: 'shadow' } } } }, counters);
    await engine.decide(call('echo'), { dryRun: true });
    expect(counters.keyCount).toBe(0);
  });

  it('shadow request rules: resources and sections', async () => {
    const engine = engineFor({
      version: '1',
      default: 'allow',
      resources: { rules: { 'memory://*': { action: 'deny', mode: 'shadow' } } },
      sampling: { action: 'approve', mode: 'shadow' },
    });
    const read = engine.decideRequest({ method: 'resources/read', target: { kind: 'resource', name: 'memory://graph' } });
    expect(read).toMatchObject({ action: 'allow', record: { rule: 'default', shadow: { action: 'deny', rule: 'resources.rules["memory://*"]' } } });
    expect(engine.isListed('resource', 'memory://graph')).toBe(true);
    const sampling = engine.decideRequest({ method: 'sampling/createMessage' });
    expect(sampling).toMatchObject({ action: 'allow', record: { shadow: { action: 'approve', rule: 'sampling' } } });
    const other = engine.decideRequest({ method: 'resources/read', target: { kind: 'resource', name: 'file:///x' } });
    expect(other.action === 'open' ? undefined : other.record.shadow).toBeUndefined();
  });

  it('"mode" is validated with its JSON path', () => {
    const result = validatePolicy({ version: '1', default: 'allow', tools: { a: { mode: 'shadows', limits: [{ counter: 'c', window: 'minute', max: 1, mode: 1 }] } }, sampling: { mode: 'off' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(['tools.a.limits[0].mode', 'tools.a.mode', 'sampling.mode']);
    expect(result.errors[1]?.message).toMatch(/expected enforce or shadow, got 'shadows'.*did you mean 'shadow'/);
  });
});

describe('revision', () => {
  it('every decision names the revision of the document that made it; formatting does not change it', async () => {
    const a = engineFor({ version: '1', default: 'allow', tools: { x: { action: 'deny' } } });
    const b = engineFor({ tools: { x: { action: 'deny' } }, default: 'allow', version: '1' });
    const c = engineFor({ version: '1', default: 'allow', tools: { x: { action: 'approve' } } });
    expect(a.revision).toMatch(/^[0-9a-f]{12}$/);
    expect(b.revision).toBe(a.revision);
    expect(c.revision).not.toBe(a.revision);
    expect((await a.decide(call('x'))).record.revision).toBe(a.revision);
    const request = a.decideRequest({ method: 'logging/setLevel' });
    expect(request.action === 'open' ? undefined : request.record.revision).toBe(a.revision);
  });
});
