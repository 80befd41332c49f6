// Pending approvals are capped per grant and in total: a call past the cap is refused at once.
import { afterEach, expect, test } from 'vitest';
import { ApprovalBroker, PENDING_LIMITS, type HoldAnswer, type HoldInput } from '../../../electron/gateway/approvals/approval-broker.js';
import type { ApprovalRequest } from '../../../shared/approvals.js';

let broker: ApprovalBroker | undefined;
afterEach(() => {
  broker?.close();
  broker = undefined;
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
