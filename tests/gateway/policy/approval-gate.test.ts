import { describe, expect, it } from 'vitest';
import { NoApproverGate, settleApproval, type ApprovalGate } from '../../../electron/gateway/policy/approval-gate.js';
import type { ApproveDecision } from '../../../shared/policy/types.js';

const held: ApproveDecision = {
  action: 'approve',
  tool: 'odoo_execute',
  timeoutSeconds: 0.05,
  record: { action: 'approve', rule: 'tools.odoo_execute', reason: 'Writes need a person', counters: [] },
};
const request = { serverId: 'odoo', decision: held, args: {}, grant: 'g', sessionId: 's' };

describe('approval', () => {
  it('without an approver, a held call times out to a denial that says so', async () => {
    const started = Date.now();
    const decision = await settleApproval(new NoApproverGate(), request);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(decision).toMatchObject({
      action: 'deny',
      message: "Portcullis denied 'odoo_execute': it needs a person's approval and none came within 1 s. Rule: tools.odoo_execute. Writes need a person",
      record: { action: 'deny', cause: 'approval', approval: { outcome: 'timeout' } },
    });
  });

  it('an approval allows; a refusal denies with who and why', async () => {
    const yes: ApprovalGate = { request: () => Promise.resolve({ approved: true, by: 'tray' }) };
    expect(await settleApproval(yes, request)).toMatchObject({ action: 'allow', record: { action: 'allow', approval: { outcome: 'approved', by: 'tray' } } });
    const no: ApprovalGate = { request: () => Promise.resolve({ approved: false, reason: 'not today', by: 'CLI' }) };
    const denied = await settleApproval(no, request);
    expect(denied.action === 'deny' && denied.message).toBe(
      "Portcullis denied 'odoo_execute': a person (CLI) declined it: not today. Rule: tools.odoo_execute. Writes need a person",
    );
  });

  it('an aborted call stops waiting at once', async () => {
    const controller = new AbortController();
    const pending = settleApproval(new NoApproverGate(), { ...request, decision: { ...held, timeoutSeconds: 60 } }, controller.signal);
    controller.abort();
    expect((await pending).action).toBe('deny');
  });
});
