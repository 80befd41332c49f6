// When the gate writes a call to the log: a call that goes straight upstream gets its entry once
// it has gone (off its path), with its arrival time; every other call gets it at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallLogEvent } from '../../../shared/calls.js';
import { validatePolicy } from '../../../shared/policy/validate.js';
import { ApprovalBroker } from '../../../electron/gateway/approvals/approval-broker.js';
import { CallLog } from '../../../electron/gateway/calllog/call-log.js';
import { PolicyGate } from '../../../electron/gateway/gate/policy-gate.js';
import { PolicyEngine } from '../../../electron/gateway/policy/engine.js';
import { MemoryCounterStore } from '../../../electron/gateway/policy/memory-counter-store.js';
import type { CallContext } from '../../../electron/gateway/session/call-gate.js';
import { makeTempDir } from '../calllog/helpers.js';

const POLICY = { version: '1', default: 'allow', tools: { wipe: { action: 'deny', reason: 'no wiping' } } };
const CTX: CallContext = { serverId: 'srv', grant: 'g', sessionId: 's-1', clientInfo: { name: 'test', version: '1' }, signal: new AbortController().signal };

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let log: CallLog;
let clock: number;
let events: CallLogEvent[];
let gate: PolicyGate;

beforeEach(async () => {
  temp = await makeTempDir();
  clock = Date.parse('2026-11-25T12:00:00.000Z');
  log = await CallLog.open({ dataDir: temp.dir, now: () => clock });
  events = [];
  log.subscribe((event) => events.push(event));
  const validated = validatePolicy(POLICY);
  if (!validated.ok) throw new Error('bad test policy');
  const engine = new PolicyEngine({ serverId: 'srv', policy: validated.policy, counters: new MemoryCounterStore() });
  gate = new PolicyGate({
    engine: () => engine,
    facts: { risk: () => undefined, inputSchema: () => undefined, pinVerdict: () => ({ allowed: true }), observe: (_s, tools) => tools.map(() => 'h'), sessionPinVerdict: () => ({ allowed: true }), generation: 0 },
    pinningMode: () => 'warn',
    approvals: new ApprovalBroker(),
    log,
    paused: () => false,
  });
});

afterEach(async () => {
  await log.close();
  await temp.cleanup();
});

describe('PolicyGate and the call log', () => {
  it('logs an allowed call once it has gone upstream, stamped with its arrival', async () => {
    const admission = await gate.admitCall(CTX, 'echo', { message: 'hi', password: 'hunter2' });
    if (!admission.proceed) throw new Error('expected the call to proceed');
    expect(events).toEqual([]); // nothing yet: the entry waits until the call is on its way

    clock += 5_000; // it went upstream later than it arrived
    admission.forwarded?.();
    expect(events).toHaveLength(1);
    const started = events[0]!;
    if (started.type !== 'callStarted') throw new Error('expected callStarted');
    expect(started.call.time).toBe('2026-11-25T12:00:00.000Z');
    expect(started.call.arguments).toEqual({ message: 'hi', password: '[redacted]' });

    admission.finish({ status: 'ok', result: { content: [] }, upstreamMs: 1, resultBytes: 20 });
    expect(events.map((e) => e.type)).toEqual(['callStarted', 'callFinished']);
  });

  it('still logs the call, start then finish, when forwarded() was never called', async () => {
    const admission = await gate.admitCall(CTX, 'echo', {});
    if (!admission.proceed) throw new Error('expected the call to proceed');
    admission.finish({ status: 'protocol-error', error: { code: -32000, message: 'upstream gone' }, upstreamMs: 0 });
    expect(events.map((e) => e.type)).toEqual(['callStarted', 'callFinished']);
    admission.forwarded?.(); // late: changes nothing
    expect(events).toHaveLength(2);
  });

  it('logs a denied call at once', async () => {
    const admission = await gate.admitCall(CTX, 'wipe', {});
    expect(admission.proceed).toBe(false);
    expect(events.map((e) => e.type)).toEqual(['callStarted', 'callFinished']);
    const finished = events[1]!;
    if (finished.type !== 'callFinished') throw new Error('expected callFinished');
    expect(finished.record).toMatchObject({ decision: 'deny', rule: 'tools.wipe', upstream: 'not-called' });
  });
});
