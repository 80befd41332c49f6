// The approvals store follows the approval events (a request held once, updated in place when its
// agent stops waiting, dropped when resolved; the history the gateway sends), loads pending oldest
// first, and marks an id busy while a decision or a revoke is on its way.
import { describe, expect, test } from 'vitest';
import type { ApprovalHistoryEntry, ApprovalRequest } from '../../../shared/approvals.js';
import { freshApp, settled } from './fresh-app.js';

const request = (id: string, createdAt = '2026-01-01T00:00:00Z'): ApprovalRequest =>
  ({ id, server: 'odoo', grant: 'cursor', session: 's1', tool: 'odoo_execute', arguments: {}, secretPaths: [], argumentsHash: 'h', rule: 'tools.odoo_execute', createdAt, expiresAt: '2026-01-01T00:02:00Z' }) as ApprovalRequest;
const entry = (id: string, kept?: ApprovalHistoryEntry['kept']): ApprovalHistoryEntry => ({
  request: request(id),
  resolution: { id, outcome: 'approved', by: 'tray' },
  at: '2026-01-01T00:01:00Z',
  ...(kept ? { kept } : {}),
});

async function started(answers: Parameters<typeof freshApp>[0] = {}) {
  const fresh = await freshApp({ listApprovals: () => [request('b', '2026-01-01T00:00:05Z'), request('a', '2026-01-01T00:00:01Z')], approvalHistory: () => [], ...answers });
  const { approvals } = await import('../../../renderer/src/stores/approvals.svelte.js');
  approvals.start();
  approvals.start();
  await settled();
  return { ...fresh, approvals };
}

describe('loading', () => {
  test('pending oldest first, the last 100 of the history, once on start and again on a resume', async () => {
    const { client, approvals } = await started({ approvalHistory: () => [entry('h1')] });
    expect(approvals.loaded).toBe(true);
    expect(approvals.pending.map((p) => p.id)).toEqual(['a', 'b']);
    expect(approvals.history.map((e) => e.request.id)).toEqual(['h1']);
    expect(client.inputs.filter(([m]) => m === 'approvalHistory')).toEqual([['approvalHistory', { limit: 100 }]]);
    client.connect({ state: 'open', resumed: true });
    await settled();
    expect(client.count('listApprovals')).toBe(2);
  });

  test('a failed load says why', async () => {
    const { approvals, toasts } = await started({ listApprovals: () => Promise.reject(new Error('gateway stopped')) });
    expect(approvals.loaded).toBe(false);
    expect(toasts.list.map((t) => t.text)).toEqual(['Could not load approvals: gateway stopped']);
  });
});

describe('live events', () => {
  test('an approval request is held once, updated in place when its agent stops waiting, dropped when resolved; the history follows its events', async () => {
    const { client, approvals } = await started({ listApprovals: () => [] });
    const REQUEST = request('a1');
    client.emit('approval-requested', REQUEST);
    client.emit('approval-requested', REQUEST);
    expect(approvals.pending.map((p) => p.id)).toEqual(['a1']);
    client.emit('approval-updated', { ...REQUEST, agentGone: { at: '2026-01-01T00:00:50Z', why: 'timeout' }, answerableUntil: '2026-01-01T00:10:50Z' });
    expect(approvals.pending).toHaveLength(1);
    expect(approvals.pending[0]!.agentGone?.why).toBe('timeout');
    client.emit('approval-resolved', { id: 'a1', outcome: 'approved', scope: 'once', by: 'tray', keptUntil: '2999-01-01T00:00:00Z' });
    expect(approvals.pending).toEqual([]);
    const kept = entry('a1', { id: 'a1', until: '2999-01-01T00:00:00Z', state: 'waiting' });
    client.emit('approval-history', kept);
    expect(approvals.waitingToBeUsed(Date.parse('2026-01-01T00:02:00Z')).map((e) => e.request.id)).toEqual(['a1']);
    client.emit('approval-history', { ...kept, kept: { ...kept.kept!, state: 'used' } });
    expect(approvals.history).toHaveLength(1);
    expect(approvals.waitingToBeUsed(Date.parse('2026-01-01T00:02:00Z'))).toEqual([]);
  });

  test('an update for a request not held yet (missed while loading) adds it', async () => {
    const { client, approvals } = await started({ listApprovals: () => [] });
    client.emit('approval-updated', request('late'));
    expect(approvals.pending.map((p) => p.id)).toEqual(['late']);
  });

  test('the newest history entry goes first and the list keeps 100', async () => {
    const { client, approvals } = await started({ approvalHistory: () => Array.from({ length: 100 }, (_, i) => entry(`old${i}`)) });
    client.emit('approval-history', entry('new'));
    expect(approvals.history).toHaveLength(100);
    expect(approvals.history[0]!.request.id).toBe('new');
    expect(approvals.history.at(-1)!.request.id).toBe('old98');
  });
});

test('waitingToBeUsed: only single-use approvals still waiting and not past their time', async () => {
  const { client, approvals } = await started();
  client.emit('approval-history', entry('expired', { id: 'expired', until: '2026-01-01T00:05:00Z', state: 'waiting' }));
  client.emit('approval-history', entry('revoked', { id: 'revoked', until: '2026-01-01T00:30:00Z', state: 'revoked' }));
  client.emit('approval-history', entry('plain'));
  client.emit('approval-history', entry('waiting', { id: 'waiting', until: '2026-01-01T00:30:00Z', state: 'waiting' }));
  expect(approvals.waitingToBeUsed(Date.parse('2026-01-01T00:05:00Z')).map((e) => e.request.id)).toEqual(['waiting']);
});

describe('deciding and revoking', () => {
  test('the id is busy while the decision is on its way; once recorded the request goes', async () => {
    let answer!: () => void;
    const { client, approvals } = await started({ decideApproval: ({ id }) => new Promise((resolve) => (answer = () => resolve({ id, outcome: 'approved', scope: 'once' }))) });
    const deciding = approvals.decide('a', { action: 'approve', scope: 'once' });
    await settled();
    expect(approvals.busy).toEqual(['a']);
    answer();
    await deciding;
    expect(approvals.busy).toEqual([]);
    expect(approvals.pending.map((p) => p.id)).toEqual(['b']);
    expect(client.inputs.find(([m]) => m === 'decideApproval')).toEqual(['decideApproval', { id: 'a', decision: { action: 'approve', scope: 'once' } }]);
  });

  test('a refused decision says why, frees the id and reloads (the request may have been answered elsewhere)', async () => {
    const { client, approvals, toasts } = await started({ decideApproval: () => Promise.reject(new Error('already resolved')) });
    await approvals.decide('a', { action: 'deny', reason: 'no' });
    await settled();
    expect(approvals.busy).toEqual([]);
    expect(toasts.list.map((t) => t.text)).toEqual(['The decision was not recorded: already resolved']);
    expect(client.count('listApprovals')).toBe(2);
  });

  test('a revoke puts the revoked entry at the head of the history', async () => {
    const { approvals } = await started({
      approvalHistory: () => [entry('x'), entry('a', { id: 'a', until: '2999-01-01T00:00:00Z', state: 'waiting' })],
      revokeApproval: ({ id }) => entry(id, { id, until: '2999-01-01T00:00:00Z', state: 'revoked' }),
    });
    await approvals.revoke('a');
    expect(approvals.history.map((e) => [e.request.id, e.kept?.state])).toEqual([
      ['a', 'revoked'],
      ['x', undefined],
    ]);
    expect(approvals.busy).toEqual([]);
  });
});
