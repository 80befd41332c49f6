// The stores follow the live events, each typed by its name (no casts): servers take a
// server-status as it comes, approvals add a request, update it, drop it when resolved, and keep
// the history the gateway sends.
import { beforeAll, describe, expect, test } from 'vitest';
import type { AppInfo, ServerView } from '../../../shared/api.js';
import type { ApprovalRequest } from '../../../shared/approvals.js';
import type { ServerStatus } from '../../../shared/config.js';
import { app } from '../../../renderer/src/stores/app.svelte.js';
import { approvals } from '../../../renderer/src/stores/approvals.svelte.js';
import { servers } from '../../../renderer/src/stores/servers.svelte.js';
import { fakeClient, type FakeClient } from './fake-client.js';

const INFO: AppInfo = { version: '0.1.0', dataDir: '/tmp/x', url: 'http://127.0.0.1:1', paused: false, host: 'headless' };
const status = (state: ServerStatus['state']): ServerStatus => ({ id: 'odoo', state, stderrTail: [], restarts: 0, sessions: 0, since: '2026-01-01T00:00:00Z' });
const ODOO: ServerView = {
  config: { id: 'odoo', upstream: { transport: 'stdio', command: 'node', args: [], env: {} }, addedAt: '2026-01-01T00:00:00Z' },
  status: status('connecting'),
  endpoint: 'http://127.0.0.1:1/mcp/odoo',
  policy: { source: 'file' },
};
const REQUEST = {
  id: 'a1', server: 'odoo', grant: 'cursor', tool: 'odoo_execute', arguments: {},
  createdAt: '2026-01-01T00:00:00Z', expiresAt: '2026-01-01T00:02:00Z',
} as unknown as ApprovalRequest;

let client: FakeClient;
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeAll(async () => {
  client = fakeClient({ getInfo: () => INFO, listServers: () => [structuredClone(ODOO)], listApprovals: () => [], approvalHistory: () => [] });
  expect(await app.start(client)).toBe(true);
  servers.start();
  approvals.start();
  await settled();
});

describe('live events', () => {
  test('server-status updates that server in place, without a reload', async () => {
    const listed = client.calls.filter((m) => m === 'listServers').length;
    client.emit('server-status', status('ready'));
    expect(servers.get('odoo')?.status.state).toBe('ready');
    expect(client.calls.filter((m) => m === 'listServers').length).toBe(listed);
  });

  test('servers-changed reloads the list', async () => {
    const listed = client.calls.filter((m) => m === 'listServers').length;
    client.emit('servers-changed', { ids: ['odoo'] });
    await settled();
    expect(client.calls.filter((m) => m === 'listServers').length).toBe(listed + 1);
  });

  test('paused-changed reaches the app info', () => {
    client.emit('paused-changed', { paused: true });
    expect(app.info?.paused).toBe(true);
  });

  test('an approval request is held once, updated in place when its agent stops waiting, dropped when resolved; the history follows its events', () => {
    client.emit('approval-requested', REQUEST);
    client.emit('approval-requested', REQUEST);
    expect(approvals.pending.map((p) => p.id)).toEqual(['a1']);
    client.emit('approval-updated', { ...REQUEST, agentGone: { at: '2026-01-01T00:00:50Z', why: 'timeout' }, answerableUntil: '2026-01-01T00:10:50Z' });
    expect(approvals.pending).toHaveLength(1);
    expect(approvals.pending[0]!.agentGone?.why).toBe('timeout');
    client.emit('approval-resolved', { id: 'a1', outcome: 'approved', scope: 'once', by: 'tray', keptUntil: '2999-01-01T00:00:00Z' });
    expect(approvals.pending).toEqual([]);
    const entry = { request: REQUEST, resolution: { id: 'a1', outcome: 'approved' as const, by: 'tray' }, at: '2026-01-01T00:01:00Z', kept: { id: 'a1', until: '2999-01-01T00:00:00Z', state: 'waiting' as const } };
    client.emit('approval-history', entry);
    expect(approvals.waitingToBeUsed(Date.parse('2026-01-01T00:02:00Z')).map((e) => e.request.id)).toEqual(['a1']);
    client.emit('approval-history', { ...entry, kept: { ...entry.kept, state: 'used' } });
    expect(approvals.history).toHaveLength(1);
    expect(approvals.waitingToBeUsed(Date.parse('2026-01-01T00:02:00Z'))).toEqual([]);
  });
});
