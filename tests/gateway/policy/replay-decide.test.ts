import { expect, it } from 'vitest';
import { PolicyEngine } from '../../../electron/gateway/policy/engine.js';
import { MemoryCounterStore } from '../../../electron/gateway/policy/memory-counter-store.js';
import { decideCall, type ReplayCall, type ToolFacts } from '../../../electron/gateway/policy/replay-decide.js';
import { validatePolicy } from '../../../shared/policy/validate.js';

const NOW = 1_750_000_000_000;

function engineFor(doc: unknown): PolicyEngine {
  const result = validatePolicy(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return new PolicyEngine({ serverId: 'srv', policy: result.policy, counters: new MemoryCounterStore() });
}

const noFacts: ToolFacts = () => ({});
const call = (extra: Partial<ReplayCall>): ReplayCall => ({ tool: 't', args: {}, grant: 'g', sessionId: 's', now: NOW, ...extra });

it('a tool call (no method, or tools/call) is decided by its rule', async () => {
  const engine = engineFor({ version: '1', default: 'deny', tools: { ok: { action: 'allow' } } });
  expect(await decideCall(engine, noFacts, call({ tool: 'ok' }))).toMatchObject({ action: 'allow' });
  expect(await decideCall(engine, noFacts, call({ tool: 'other', method: 'tools/call' }))).toMatchObject({ action: 'deny' });
});

it("the catalog's risk class and schema reach the engine", async () => {
  const engine = engineFor({ version: '1', default: 'allow', validate_schema: true, risk: { destructive: { action: 'deny' } } });
  const facts: ToolFacts = (tool) =>
    tool === 'drop' ? { riskClass: 'destructive' } : { inputSchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] } };
  expect(await decideCall(engine, facts, call({ tool: 'drop' }))).toMatchObject({ action: 'deny' });
  expect(await decideCall(engine, facts, call({ tool: 'count', args: { n: 1 } }))).toMatchObject({ action: 'allow' });
  expect(await decideCall(engine, facts, call({ tool: 'count', args: {} }))).toMatchObject({ action: 'deny' });
});

it('limits are counted across calls, as the live gateway would', async () => {
  const engine = engineFor({ version: '1', default: 'allow', tools: { t: { limits: [{ counter: 't', window: 'minute', max: 1 }] } } });
  expect(await decideCall(engine, noFacts, call({ now: NOW }))).toMatchObject({ action: 'allow' });
  expect(await decideCall(engine, noFacts, call({ now: NOW + 1 }))).toMatchObject({ action: 'deny' });
});

it("another request is decided by its section, with its target's kind worked out from the method", async () => {
  const engine = engineFor({
    version: '1',
    default: 'allow',
    resources: { default: 'allow', rules: { 'memory://secret': { action: 'deny' } } },
    prompts: { default: 'allow', rules: { private: { action: 'deny' } } },
  });
  expect(await decideCall(engine, noFacts, call({ method: 'resources/read', tool: 'memory://secret' }))).toMatchObject({ action: 'deny' });
  expect(await decideCall(engine, noFacts, call({ method: 'resources/read', tool: 'memory://public' }))).toMatchObject({ action: 'allow' });
  expect(await decideCall(engine, noFacts, call({ method: 'prompts/get', tool: 'private' }))).toMatchObject({ action: 'deny' });
  // completion/complete: a URI names a resource, anything else a prompt.
  expect(await decideCall(engine, noFacts, call({ method: 'completion/complete', tool: 'memory://secret' }))).toMatchObject({ action: 'deny' });
  expect(await decideCall(engine, noFacts, call({ method: 'completion/complete', tool: 'private' }))).toMatchObject({ action: 'deny' });
  expect(await decideCall(engine, noFacts, call({ method: 'completion/complete', tool: 'public' }))).toMatchObject({ action: 'allow' });
});

it('a request that carries no data (ping) gives no decision', async () => {
  const engine = engineFor({ version: '1', default: 'deny' });
  expect(await decideCall(engine, noFacts, call({ method: 'ping', tool: 'ping' }))).toBeUndefined();
});
