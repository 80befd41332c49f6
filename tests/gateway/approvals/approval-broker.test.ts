// Pending approvals are capped per grant and in total: a call past the cap is refused at once.
// A tools/call's question outlives an agent that stopped waiting, and an approval then is kept
// for one retry of the exact call; a question asked in the client too counts one answer.
import { afterEach, expect, test, vi } from 'vitest';
import { ApprovalBroker, ANSWER_WINDOW_MS, KEPT_FOR_MS, MAX_HISTORY_ARGUMENT_CHARS, PENDING_LIMITS, type HoldAnswer, type HoldInput } from '../../../electron/gateway/approvals/approval-broker.js';
import type { ApprovalDecision, ApprovalHistoryEntry, ApprovalRequest, ApprovalResolution } from '../../../shared/approvals.js';

let broker: ApprovalBroker | undefined;
afterEach(() => {
  void broker?.close();
  broker = undefined;
  vi.useRealTimers();
});

const input = (grant: string, n: number): HoldInput => ({
  server: 'odoo',
  grant,
  session: `session-${grant}`,
  tool: 'odoo_write',
  rawArguments: { n },
  rule: 'tools.odoo_write',
  timeoutSeconds: 600,
});

test('past the per-grant cap a call is refused at once (withdrawn, saying why); other grants still queue; answering frees a place', async () => {
  broker = new ApprovalBroker();
  const requested: ApprovalRequest[] = [];
  broker.on('requested', (r) => requested.push(r));
  const held: Promise<HoldAnswer>[] = [];
  for (let n = 0; n < PENDING_LIMITS.perGrant; n++) held.push(broker.hold(input('agent', n)));
  expect(broker.list()).toHaveLength(PENDING_LIMITS.perGrant);

  const refused = await broker.hold(input('agent', 99));
  expect(refused.outcome).toBe('withdrawn');
  expect(refused.reason).toMatch(new RegExp(`already holds ${PENDING_LIMITS.perGrant} calls of grant 'agent' for approval, the most it holds per grant`));
  expect(refused.waitedMs).toBe(0);
  expect(requested).toHaveLength(PENDING_LIMITS.perGrant); // never shown to a person
  expect(broker.list()).toHaveLength(PENDING_LIMITS.perGrant);

  const other = broker.hold(input('other', 0));
  expect(broker.list()).toHaveLength(PENDING_LIMITS.perGrant + 1);

  broker.decide(requested[0]!.id, { action: 'deny' });
  expect((await held[0])!.outcome).toBe('denied');
  const next = broker.hold(input('agent', 100));
  expect(broker.list()).toHaveLength(PENDING_LIMITS.perGrant + 1);
  broker.close();
  expect((await next).outcome).toBe('withdrawn');
  expect((await other).outcome).toBe('withdrawn');
});

test('past the total cap every grant is refused at once', async () => {
  broker = new ApprovalBroker(10_000, { perGrant: 2, total: 3 });
  void broker.hold(input('a', 0));
  void broker.hold(input('a', 1));
  void broker.hold(input('b', 0));
  const refused = await broker.hold(input('c', 0));
  expect(refused).toMatchObject({ outcome: 'withdrawn' });
  expect(refused.reason).toMatch(/already holds 3 calls for approval, the most it holds at once/);
});

const call = (args: Record<string, unknown>, extra: Partial<HoldInput> = {}): HoldInput => ({
  server: 'odoo',
  grant: 'agent',
  session: 's1',
  tool: 'odoo_write',
  rawArguments: args,
  rule: 'tools.odoo_write',
  timeoutSeconds: 50,
  keepForRetry: true,
  ...extra,
});

test('the agent times out: it is told to retry, the question stays open, and a later approval serves exactly one retry of the same call', async () => {
  vi.useFakeTimers();
  broker = new ApprovalBroker();
  const updated: ApprovalRequest[] = [];
  const history: ApprovalHistoryEntry[] = [];
  broker.on('updated', (r) => updated.push(r));
  broker.on('history', (e) => history.push(e));
  const held = broker.hold(call({ id: 7, values: { name: 'Ada' } }));
  await vi.advanceTimersByTimeAsync(50_000);
  const answer = await held;
  expect(answer).toMatchObject({ outcome: 'timeout' });
  expect(Date.parse(answer.openUntil!) - Date.now()).toBe(ANSWER_WINDOW_MS);
  const [open] = broker.list();
  expect(open).toMatchObject({ agentGone: { why: 'timeout' }, answerableUntil: answer.openUntil });
  expect(updated).toHaveLength(1);

  const resolution = broker.decide(open!.id, { action: 'approve', scope: 'once' }, 'web');
  expect(Date.parse(resolution.keptUntil!) - Date.now()).toBe(KEPT_FOR_MS);
  expect(broker.list()).toHaveLength(0);
  expect(history.at(-1)!.kept).toMatchObject({ state: 'waiting' });

  // Different arguments (key order aside) or another grant do not match; the same call does, once.
  expect(broker.useKept({ grant: 'agent', server: 'odoo', tool: 'odoo_write', args: { id: 8, values: { name: 'Ada' } } })).toBeUndefined();
  expect(broker.useKept({ grant: 'other', server: 'odoo', tool: 'odoo_write', args: { id: 7, values: { name: 'Ada' } } })).toBeUndefined();
  const used = broker.useKept({ grant: 'agent', server: 'odoo', tool: 'odoo_write', args: { values: { name: 'Ada' }, id: 7 }, callId: () => 'call_1' });
  expect(used).toMatchObject({ request: { id: open!.id }, resolution: { by: 'web' }, kept: { state: 'used', usedBy: 'call_1' } });
  expect(broker.useKept({ grant: 'agent', server: 'odoo', tool: 'odoo_write', args: { id: 7, values: { name: 'Ada' } } })).toBeUndefined();
});

test('a kept approval expires unused, and one can be revoked before use', async () => {
  vi.useFakeTimers();
  broker = new ApprovalBroker();
  const approveLate = async (args: Record<string, unknown>) => {
    const held = broker!.hold(call(args));
    await vi.advanceTimersByTimeAsync(50_000);
    await held;
    const id = broker!.list()[0]!.id;
    broker!.decide(id, { action: 'approve', scope: 'once' });
    return id;
  };
  await approveLate({ a: 1 });
  await vi.advanceTimersByTimeAsync(KEPT_FOR_MS);
  expect(broker.history.list()[0]!.kept!.state).toBe('expired');
  expect(broker.useKept({ grant: 'agent', server: 'odoo', tool: 'odoo_write', args: { a: 1 } })).toBeUndefined();

  const id = await approveLate({ a: 2 });
  expect(broker.revokeKept(id, 'cli').kept).toMatchObject({ state: 'revoked', revokedBy: 'cli' });
  expect(broker.useKept({ grant: 'agent', server: 'odoo', tool: 'odoo_write', args: { a: 2 } })).toBeUndefined();
  expect(() => broker!.revokeKept(id)).toThrow(/no approval waiting to be used/);
});

test('a retry while the question is still open waits on that same question; an answer then goes to the retry', async () => {
  vi.useFakeTimers();
  broker = new ApprovalBroker();
  const requested: ApprovalRequest[] = [];
  broker.on('requested', (r) => requested.push(r));
  const controller = new AbortController();
  const first = broker.hold(call({ a: 1 }, { signal: controller.signal }));
  controller.abort();
  expect(await first).toMatchObject({ outcome: 'withdrawn' });
  expect(broker.list()[0]!.agentGone?.why).toBe('cancelled');

  const retry = broker.hold(call({ a: 1 }, { session: 's2' }));
  expect(requested).toHaveLength(1);
  expect(broker.list()).toHaveLength(1);
  expect(broker.list()[0]!.agentGone).toBeUndefined();
  const resolution = broker.decide(requested[0]!.id, { action: 'approve', scope: 'once' });
  expect(resolution.keptUntil).toBeUndefined(); // someone was waiting: nothing to keep
  expect(await retry).toMatchObject({ outcome: 'approved' });
});

test('no one answers within the answer window: the question closes as timed out, into the history', async () => {
  vi.useFakeTimers();
  broker = new ApprovalBroker();
  const resolved: ApprovalResolution[] = [];
  broker.on('resolved', (r) => resolved.push(r));
  void broker.hold(call({ a: 1 }));
  await vi.advanceTimersByTimeAsync(50_000 + ANSWER_WINDOW_MS);
  expect(broker.list()).toHaveLength(0);
  expect(resolved).toMatchObject([{ outcome: 'timeout' }]);
  expect(broker.history.list()[0]!.resolution.outcome).toBe('timeout');
});

test('without keepForRetry (sampling and other requests) a cancel withdraws the question at once', async () => {
  broker = new ApprovalBroker();
  const controller = new AbortController();
  const held = broker.hold(call({ a: 1 }, { keepForRetry: false, signal: controller.signal }));
  controller.abort();
  expect(await held).toMatchObject({ outcome: 'withdrawn' });
  expect(broker.list()).toHaveLength(0);
});

test('asked in the client too: the client answer decides, and a later answer from Portcullis finds it resolved', async () => {
  broker = new ApprovalBroker();
  let answerInClient!: (d: ApprovalDecision | undefined) => void;
  let clientSignal!: AbortSignal;
  const held = broker.hold(call({ a: 1 }, { askClient: (_request, signal) => ((clientSignal = signal), new Promise((r) => (answerInClient = r))) }));
  expect(broker.list()[0]!.askedInClient).toBe(true);
  const id = broker.list()[0]!.id;
  answerInClient({ action: 'deny', reason: 'not this one' });
  expect(await held).toMatchObject({ outcome: 'denied', by: 'client', reason: 'not this one' });
  expect(() => broker!.decide(id, { action: 'approve', scope: 'once' })).toThrow(/no pending approval/);
  expect(clientSignal.aborted).toBe(true);
});

test('asked in the client too: Portcullis answers first, the client question is withdrawn and its late answer ignored', async () => {
  broker = new ApprovalBroker();
  let answerInClient!: (d: ApprovalDecision | undefined) => void;
  let clientSignal!: AbortSignal;
  const resolved: ApprovalResolution[] = [];
  broker.on('resolved', (r) => resolved.push(r));
  const held = broker.hold(call({ a: 1 }, { askClient: (_request, signal) => ((clientSignal = signal), new Promise((r) => (answerInClient = r))) }));
  broker.decide(broker.list()[0]!.id, { action: 'approve', scope: 'once' }, 'web');
  expect(clientSignal.aborted).toBe(true);
  answerInClient({ action: 'deny' });
  expect(await held).toMatchObject({ outcome: 'approved', by: 'web' });
  await Promise.resolve();
  expect(resolved).toHaveLength(1);
});

test('a client that declines gives no answer: the question stays for Portcullis to answer', async () => {
  broker = new ApprovalBroker();
  const held = broker.hold(call({ a: 1 }, { askClient: async () => undefined }));
  await Promise.resolve();
  await Promise.resolve();
  expect(broker.list()).toHaveLength(1);
  broker.decide(broker.list()[0]!.id, { action: 'approve', scope: 'session' });
  expect(await held).toMatchObject({ outcome: 'approved', scope: 'session' });
  expect(broker.approvedForSession('s1', 'odoo', 'odoo_write')).toBe(true);
});

test('the history leaves out very long arguments (their hash stays)', async () => {
  broker = new ApprovalBroker();
  const held = broker.hold(call({ command: 'x'.repeat(MAX_HISTORY_ARGUMENT_CHARS) }));
  broker.decide(broker.list()[0]!.id, { action: 'deny' });
  await held;
  const [entry] = broker.history.list();
  expect(JSON.stringify(entry!.request.arguments).length).toBeLessThan(200);
  expect(entry!.request.argumentsHash).toMatch(/^[0-9a-f]{64}$/);
});

test('the history masks secret-looking values', async () => {
  broker = new ApprovalBroker();
  const held = broker.hold(call({ url: 'https://x', api_key: 'sk-live-1234567890abcdef' }));
  broker.decide(broker.list()[0]!.id, { action: 'deny' });
  await held;
  expect(JSON.stringify(broker.history.list())).not.toContain('sk-live-1234567890abcdef');
  expect(broker.history.list()[0]!.request.arguments).toMatchObject({ url: 'https://x' });
});

test('approve for session after the session ended covers no session (nothing is left behind for it)', async () => {
  broker = new ApprovalBroker();
  const held = broker.hold(call({ a: 1 }));
  broker.endSession('s1');
  expect(await held).toMatchObject({ outcome: 'withdrawn' });
  const resolution = broker.decide(broker.list()[0]!.id, { action: 'approve', scope: 'session' });
  expect(resolution.keptUntil).toBeDefined(); // the retry, from a new session, still runs once
  expect(broker.approvedForSession('s1', 'odoo', 'odoo_write')).toBe(false);
});
