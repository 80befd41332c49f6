// Approvals across replicas: a call one replica holds is seen by the others, decided from any
// of them, settled for all; calls of a replica that stopped beating are shown as lost.
import { expect, it } from 'vitest';
import type { ApprovalDecision, ApprovalRequest, ApprovalResolution } from '../../../../shared/approvals.js';
import { RedisApprovals } from '../../../../electron/gateway/store/redis/redis-approvals.js';
import { ReplicaHeartbeat } from '../../../../electron/gateway/store/redis/replica-heartbeat.js';
import { describeWithRedis, useRedisLinks } from '../../../helpers/redis-server.js';
import { waitFor } from '../../../helpers/wait-for.js';

const request = (id: string): ApprovalRequest => ({
  id, createdAt: '2026-12-01T10:00:00.000Z', expiresAt: '2026-12-01T10:05:00.000Z', server: 's', grant: 'g', session: 'x',
  tool: 'delete_all', arguments: {}, secretPaths: [], argumentsHash: 'h', rule: 'tools.delete_all',
} as ApprovalRequest);

describeWithRedis('RedisApprovals (real redis-server)', () => {
  const redis = useRedisLinks();
  let n = 0;

  async function replica(prefix: string, name: string) {
    const link = await redis.connect();
    const heartbeat = new ReplicaHeartbeat(link, prefix, name, { intervalMs: 60_000 });
    const approvals = new RedisApprovals(link, prefix, heartbeat);
    const events = { requested: [] as string[], resolved: [] as ApprovalResolution[], decide: [] as [string, ApprovalDecision, string][] };
    approvals.on('requested', (r) => events.requested.push(r.id));
    approvals.on('resolved', (r) => events.resolved.push(r));
    approvals.on('decide', (id, decision, by) => events.decide.push([id, decision, by]));
    await approvals.subscribe();
    return { link, heartbeat, approvals, events };
  }

  it('shows a call held on one replica to the others, carries a decision back to the holder, and settles it for all', async () => {
    const prefix = `a${++n}:`;
    const a = await replica(prefix, 'a');
    const b = await replica(prefix, 'b');
    a.approvals.held(request('r1'));
    await waitFor(() => b.events.requested.length === 1, { what: 'b to hear of the held call' });
    expect(b.approvals.list().map((r) => r.id)).toEqual(['r1']);
    expect(b.approvals.get('r1')?.tool).toBe('delete_all');
    expect(a.approvals.list()).toEqual([]); // its own calls are not "remote"

    expect(b.approvals.decide('r1', { action: 'deny', reason: 'no' }, 'web')).toEqual({ id: 'r1', outcome: 'denied', by: 'web', reason: 'no' });
    await waitFor(() => a.events.decide.length === 1, { what: 'the decision to reach the holder' });
    expect(a.events.decide).toEqual([['r1', { action: 'deny', reason: 'no' }, 'web']]);
    expect(b.events.decide).toEqual([]);

    a.approvals.settled({ id: 'r1', outcome: 'denied', by: 'web' });
    await waitFor(() => b.events.resolved.length === 1, { what: 'the settlement to reach b' });
    expect(b.approvals.list()).toEqual([]);
    expect(b.approvals.decide('r1', { action: 'approve', scope: 'once' }, 'web')).toBeUndefined();
  });

  it('loads calls held elsewhere (after a reconnect) and drops the ones answered meanwhile', async () => {
    const prefix = `a${++n}:`;
    const a = await replica(prefix, 'a');
    a.approvals.held(request('r2'));
    a.approvals.held(request('r3'));
    await waitFor(async () => (await a.link.run((c) => c.hLen(`${prefix}approvals`))) === 2, { what: 'both calls stored' });
    const b = await replica(prefix, 'b');
    await b.approvals.load();
    expect(b.approvals.list().map((r) => r.id).sort()).toEqual(['r2', 'r3']);
    await a.link.run((c) => c.hDel(`${prefix}approvals`, 'r2'));
    await b.approvals.load();
    expect(b.approvals.list().map((r) => r.id)).toEqual(['r3']);
    expect(b.events.resolved).toMatchObject([{ id: 'r2', outcome: 'withdrawn' }]);
    expect([...b.events.requested].sort()).toEqual(['r2', 'r3']);
  });

  it('shows the calls of a replica without a heartbeat as lost and removes them', async () => {
    const prefix = `a${++n}:`;
    const a = await replica(prefix, 'a'); // never starts its heartbeat: it looks stopped
    const b = await replica(prefix, 'b');
    a.approvals.held(request('r4'));
    await waitFor(() => b.events.requested.length === 1, { what: 'b to hear of the held call' });
    await b.approvals.sweepLost();
    expect(b.events.resolved).toHaveLength(1);
    expect(b.events.resolved[0]).toMatchObject({ id: 'r4', outcome: 'withdrawn' });
    expect(b.events.resolved[0]!.reason).toMatch(/^lost: replica a that held this call stopped \(no heartbeat for 180 s\)/);
    expect(Number(await b.link.run((c) => c.hExists(`${prefix}approvals`, 'r4')))).toBe(0);
  });

  it('keeps the calls of a replica that beats', async () => {
    const prefix = `a${++n}:`;
    const a = await replica(prefix, 'a');
    const b = await replica(prefix, 'b');
    let beats = 0;
    const beating = new ReplicaHeartbeat(a.link, prefix, 'a', { intervalMs: 60_000, onBeat: () => beats++ });
    beating.start();
    await waitFor(() => beats === 1, { what: 'a beat' });
    a.approvals.held(request('r5'));
    await waitFor(() => b.events.requested.length === 1, { what: 'b to hear of the held call' });
    await b.approvals.sweepLost();
    expect(b.events.resolved).toEqual([]);
    await beating.stop();
  });

  it('refuses to hold or decide while the store is unreachable, saying why', async () => {
    const prefix = `a${++n}:`;
    const b = await replica(prefix, 'b');
    const a = await replica(prefix, 'a');
    a.approvals.held(request('r6'));
    await waitFor(() => b.events.requested.length === 1, { what: 'b to hear of the held call' });
    expect(b.approvals.unavailable()).toBeUndefined();
    await b.link.close();
    await waitFor(() => !b.link.connected, { what: 'the link to close' });
    expect(b.approvals.unavailable()).toMatch(/^the call needs a person's approval, but redis:\/\/127\.0\.0\.1:\d+ \(the shared store .*\) is unreachable, so it is refused \(fail closed\)/);
    expect(() => b.approvals.decide('r6', { action: 'approve', scope: 'once' }, 'web')).toThrow(/is unreachable, so it is refused/);
  });
});
