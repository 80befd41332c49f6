// The RequestGate: every governed request is logged with its method, refusals are JSON-RPC
// errors naming the rule, `approve` holds the request in the ApprovalBroker, lists are filtered.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallLogEvent, CallRecord } from '../../../shared/calls.js';
import { validatePolicy } from '../../../shared/policy/validate.js';
import { ApprovalBroker } from '../../../electron/gateway/approvals/approval-broker.js';
import { CallLog } from '../../../electron/gateway/calllog/call-log.js';
import { PolicyRequestGate } from '../../../electron/gateway/gate/policy-request-gate.js';
import { PolicyEngine } from '../../../electron/gateway/policy/engine.js';
import { MemoryCounterStore } from '../../../electron/gateway/policy/memory-counter-store.js';
import type { CallContext } from '../../../electron/gateway/gate/call-gate.js';
import { makeTempDir } from '../calllog/helpers.js';

const POLICY = {
  version: '1',
  default: 'deny',
  resources: { hide: ['secret://*'], rules: { 'memory://graph': { action: 'deny', reason: 'Tools only' }, 'doc://*': {}, 'held://*': { action: 'approve', approval: { timeout_s: 60 } } } },
  prompts: { rules: { 'simple-prompt': {} } },
  sampling: 'approve',
};
const CTX: CallContext = { serverId: 'srv', grant: 'g', sessionId: 's-1', clientInfo: { name: 'test', version: '1' }, signal: new AbortController().signal };

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let log: CallLog;
let finished: CallRecord[];
let approvals: ApprovalBroker;
let paused: boolean;
let gate: PolicyRequestGate;

beforeEach(async () => {
  temp = await makeTempDir();
  log = await CallLog.open({ dataDir: temp.dir });
  finished = [];
  log.subscribe((event: CallLogEvent) => event.type === 'callFinished' && finished.push(event.record));
  const validated = validatePolicy(POLICY);
  if (!validated.ok) throw new Error('bad test policy');
  const engine = new PolicyEngine({ serverId: 'srv', policy: validated.policy, counters: new MemoryCounterStore() });
  approvals = new ApprovalBroker();
  paused = false;
  gate = new PolicyRequestGate({ engine: () => engine, approvals, log, paused: () => paused });
});

afterEach(async () => {
  approvals.close();
  await log.close();
  await temp.cleanup();
});

describe('PolicyRequestGate', () => {
  it('refuses a denied resource with a JSON-RPC error naming the rule, and logs it with its method', async () => {
    const admission = await gate.admitRequest(CTX, { method: 'resources/read', target: { kind: 'resource', name: 'memory://graph' }, params: { uri: 'memory://graph' } });
    expect(admission).toMatchObject({ proceed: false, error: { code: -32003, data: { rule: 'resources.rules["memory://graph"]' } } });
    expect(!admission.proceed && admission.error.message).toMatch(/Rule: resources\.rules\["memory:\/\/graph"\]\. Tools only$/);
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ method: 'resources/read', tool: 'memory://graph', decision: 'deny', upstream: 'not-called', arguments: undefined });
  });

  it('a hidden resource is "not found" (-32002) and logged as hidden', async () => {
    const admission = await gate.admitRequest(CTX, { method: 'resources/read', target: { kind: 'resource', name: 'secret://k' } });
    expect(admission).toMatchObject({ proceed: false, error: { code: -32002, message: "resource not available: 'secret://k'" } });
    expect(finished[0]).toMatchObject({ decision: 'hide', rule: 'resources.hide[0]' });
  });

  it('logs an allowed request once it has been answered, with its arguments and outcome', async () => {
    const admission = await gate.admitRequest(CTX, { method: 'prompts/get', target: { kind: 'prompt', name: 'simple-prompt' }, params: { name: 'simple-prompt', arguments: { token: 'x', topic: 'cats' } } });
    if (!admission.proceed) throw new Error('expected it to proceed');
    expect(finished).toEqual([]);
    admission.finish({ status: 'ok', upstreamMs: 2 });
    expect(finished[0]).toMatchObject({ method: 'prompts/get', tool: 'simple-prompt', decision: 'allow', rule: 'prompts.rules.simple-prompt', upstream: 'ok', arguments: { token: '[redacted]', topic: 'cats' } });
  });

  it('ping and resources/unsubscribe pass without a log entry', async () => {
    for (const method of ['ping', 'resources/unsubscribe']) expect((await gate.admitRequest(CTX, { method })).proceed).toBe(true);
    expect(finished).toEqual([]);
  });

  it('holds an approve request for a person, naming the method and target, and forwards it once approved', async () => {
    approvals.on('requested', (request) => {
      expect(request).toMatchObject({ tool: 'resources/read held://a', rule: 'resources.rules["held://*"]', server: 'srv' });
      approvals.decide(request.id, { action: 'approve', scope: 'once' });
    });
    const admission = await gate.admitRequest(CTX, { method: 'resources/read', target: { kind: 'resource', name: 'held://a' }, params: { uri: 'held://a' } });
    if (!admission.proceed) throw new Error('expected approval');
    admission.finish({ status: 'ok', upstreamMs: 1 });
    expect(finished[0]).toMatchObject({ decision: 'approve', approval: { outcome: 'approved', scope: 'once' }, upstream: 'ok' });
  });

  it("a server's sampling request that a person declines is refused with the person's reason", async () => {
    approvals.on('requested', (request) => approvals.decide(request.id, { action: 'deny', reason: 'not now' }));
    const admission = await gate.admitRequest(CTX, { method: 'sampling/createMessage', params: { messages: [], maxTokens: 5 } });
    expect(admission).toMatchObject({ proceed: false, error: { code: -32003, message: 'Portcullis: a person denied sampling/createMessage (rule sampling): not now' } });
    expect(finished[0]).toMatchObject({ method: 'sampling/createMessage', tool: 'sampling/createMessage', decision: 'approve', approval: { outcome: 'denied' }, arguments: { messages: [], maxTokens: 5 } });
  });

  it('refuses everything while paused', async () => {
    paused = true;
    const admission = await gate.admitRequest(CTX, { method: 'resources/read', target: { kind: 'resource', name: 'doc://a' } });
    expect(admission).toMatchObject({ proceed: false, error: { message: expect.stringMatching(/paused/) } });
    expect(finished[0]).toMatchObject({ decision: 'deny', rule: 'paused' });
  });

  it('filters resources by uri, templates by uriTemplate and prompts by name', () => {
    const resources = [{ uri: 'memory://graph' }, { uri: 'doc://a' }, { uri: 'other://x' }, { uri: 'secret://k' }];
    expect(gate.filterList(CTX, 'resources', resources).map((r) => r.uri)).toEqual(['memory://graph', 'doc://a']);
    expect(gate.filterList(CTX, 'resourceTemplates', [{ uriTemplate: 'doc://{id}' }, { uriTemplate: 'x://{id}' }])).toEqual([{ uriTemplate: 'doc://{id}' }]);
    expect(gate.filterList(CTX, 'prompts', [{ name: 'simple-prompt' }, { name: 'other' }])).toEqual([{ name: 'simple-prompt' }]);
  });

  it('drops resource updates for URIs the session may not read', () => {
    expect(gate.passNotification(CTX, { method: 'notifications/resources/updated', params: { uri: 'memory://graph' } })).toBe(false);
    expect(gate.passNotification(CTX, { method: 'notifications/resources/updated', params: { uri: 'doc://a' } })).toBe(true);
  });
});
