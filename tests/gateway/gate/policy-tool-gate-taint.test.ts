// The gate remembers what a session was answered only while some policy has taint rules
// (PolicyService.anyTaint): with none, a forwarded call keeps no taint state; once a policy
// taints (even another server's: on /mcp a read here may taint a call there), it does.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ApprovalBroker } from '../../../electron/gateway/approvals/approval-broker.js';
import { CallLog } from '../../../electron/gateway/calllog/call-log.js';
import type { CallContext } from '../../../electron/gateway/gate/call-gate.js';
import { PolicyToolGate } from '../../../electron/gateway/gate/policy-tool-gate.js';
import { PolicyService } from '../../../electron/gateway/policy/policy-service.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const ALLOW = JSON.stringify({ version: '1', default: 'allow' });
const TAINTING = JSON.stringify({ version: '1', default: 'allow', taint: [{ after: { tools: ['web/fetch'] }, then: { tools: ['send_email'] }, action: 'deny' }] });
const CTX: CallContext = { serverId: 'web', grant: 'g', sessionId: 's-1', clientInfo: { name: 'test', version: '1' }, signal: new AbortController().signal };

const tmp = useTempDir('portcullis-gate-taint-');
let policies: PolicyService;
let log: CallLog;
let gate: PolicyToolGate;

beforeEach(async () => {
  policies = await PolicyService.open(tmp.path, { changed: () => undefined, refused: () => undefined, warn: () => undefined });
  log = await CallLog.open({ dataDir: tmp.path });
  gate = new PolicyToolGate({
    engine: (serverId) => policies.engine(serverId),
    facts: { risk: () => undefined, inputSchema: () => undefined, pinVerdict: () => ({ allowed: true }), observe: (_s, tools) => tools.map(() => 'h'), sessionPinVerdict: () => ({ allowed: true }), generation: 0 },
    pinningMode: () => 'warn',
    approvals: new ApprovalBroker(),
    log,
    paused: () => false,
    anyTaint: () => policies.anyTaint,
  });
  expect((await policies.saveText('web', ALLOW)).ok).toBe(true);
});
afterEach(async () => {
  await policies.close();
  await log.close();
});

/** One call through the gate, answered ok by its upstream. */
async function answered(ctx: CallContext, tool: string): Promise<void> {
  const admission = await gate.admitCall(ctx, tool, {});
  if (!admission.proceed) throw new Error(`expected '${tool}' to proceed`);
  admission.finish({ status: 'ok', result: { content: [] }, upstreamMs: 1, resultBytes: 2 });
}

describe('PolicyToolGate keeps taint state only while a policy taints', () => {
  test('no policy has taint rules: an answered call leaves no taint state', async () => {
    expect(policies.anyTaint).toBe(false);
    await answered(CTX, 'fetch');
    expect(gate.taints.of(CTX.sessionId)).toEqual([]);
  });

  test("another server's policy taints: the same call is remembered, and the taint rule then denies", async () => {
    expect((await policies.saveText('mail', TAINTING)).ok).toBe(true);
    expect(policies.anyTaint).toBe(true);
    await answered(CTX, 'fetch');
    expect(gate.taints.of(CTX.sessionId)).toMatchObject([{ server: 'web', tool: 'fetch' }]);
    const send = await gate.admitCall({ ...CTX, serverId: 'mail' }, 'send_email', {});
    expect(send.proceed).toBe(false);
  });

  test('once the tainting policy loses its taint rules, new calls are no longer remembered', async () => {
    expect((await policies.saveText('mail', TAINTING)).ok).toBe(true);
    await answered(CTX, 'fetch');
    expect((await policies.saveText('mail', ALLOW)).ok).toBe(true);
    await answered(CTX, 'search');
    expect(gate.taints.of(CTX.sessionId).map((m) => m.tool)).toEqual(['fetch']);
  });
});
