// The servers store: the list sorted by id, a server-status updating its server in place
// (no reload), servers-changed and a resume reloading, and each change reloading or dropping.
import { describe, expect, test, vi } from 'vitest';
import type { ServerView } from '../../../shared/api.js';
import type { ServerStatus } from '../../../shared/config.js';
import { freshApp, settled } from './fresh-app.js';

const status = (id: string, state: ServerStatus['state']): ServerStatus => ({ id, state, stderrTail: [], restarts: 0, sessions: 0, since: '2026-01-01T00:00:00Z' });
const server = (id: string): ServerView => ({
  config: { id, upstream: { transport: 'stdio', command: 'node', args: [], env: {} }, addedAt: '2026-01-01T00:00:00Z' },
  status: status(id, 'connecting'),
  endpoint: `http://127.0.0.1:1/mcp/${id}`,
  policy: { source: 'file' },
});

async function started(answers: Parameters<typeof freshApp>[0] = {}) {
  let list = [server('odoo'), server('memory')];
  const fresh = await freshApp({ listServers: () => structuredClone(list), ...answers });
  const { servers } = await import('../../../renderer/src/stores/servers.svelte.js');
  servers.start();
  servers.start(); // a second start changes nothing
  await settled();
  return { ...fresh, servers, setList: (next: ServerView[]) => (list = next) };
}

describe('servers', () => {
  test('loads once on start, sorted by id; finds a server by id', async () => {
    const { client, servers } = await started();
    expect(client.count('listServers')).toBe(1);
    expect(servers.loaded).toBe(true);
    expect(servers.ids).toEqual(['memory', 'odoo']);
    expect(servers.get('odoo')?.endpoint).toBe('http://127.0.0.1:1/mcp/odoo');
    expect(servers.get(undefined)).toBeUndefined();
  });

  test('server-status updates that server in place, without a reload; an unknown id changes nothing', async () => {
    const { client, servers } = await started();
    client.emit('server-status', status('odoo', 'ready'));
    client.emit('server-status', status('gone', 'failed'));
    expect(servers.get('odoo')?.status.state).toBe('ready');
    expect(servers.get('memory')?.status.state).toBe('connecting');
    expect(servers.ids).toEqual(['memory', 'odoo']);
    expect(client.count('listServers')).toBe(1);
  });

  test('servers-changed and a resume reload the list', async () => {
    const { client, servers, setList } = await started();
    setList([server('odoo')]);
    client.emit('servers-changed', { ids: ['memory'] });
    await settled();
    expect(servers.ids).toEqual(['odoo']);
    client.connect({ state: 'open', resumed: true });
    await settled();
    expect(client.count('listServers')).toBe(3);
  });

  test('a list that cannot load keeps what is shown and says why', async () => {
    let fail = false;
    const { servers, toasts } = await started({ listServers: () => (fail ? Promise.reject(new Error('gateway stopped')) : [server('odoo')]) });
    fail = true;
    await servers.load();
    expect(servers.ids).toEqual(['odoo']);
    expect(toasts.list.map((t) => t.text)).toEqual(['Could not load servers: gateway stopped']);
  });

  test('add, update, sign out and the demo reload the list; remove drops the server without a reload; restart only asks', async () => {
    const { client, servers } = await started({
      addServer: () => server('new'),
      updateServer: () => server('odoo'),
      removeServer: () => undefined,
      installDemo: () => ({ serverId: 'demo-odoo' }),
      signOutServer: () => undefined,
      restartServer: () => undefined,
    });
    expect((await servers.add({ id: 'new', upstream: { transport: 'stdio', command: 'x', args: [], env: {} } } as never)).config.id).toBe('new');
    await servers.update({ id: 'odoo' } as never);
    expect(await servers.installDemo()).toBe('demo-odoo');
    await servers.signOut('odoo');
    expect(client.count('listServers')).toBe(5);
    await servers.remove('memory');
    await servers.restart('odoo');
    expect(servers.ids).toEqual(['odoo']);
    expect(client.count('listServers')).toBe(5);
    expect(client.inputs.filter(([m]) => m === 'removeServer' || m === 'restartServer')).toEqual([
      ['removeServer', { id: 'memory' }],
      ['restartServer', { id: 'odoo' }],
    ]);
  });

  test('sign-in opens the authorization page in a new tab and says where to finish', async () => {
    const { servers, toasts } = await started({ signInServer: () => ({ authorizationUrl: 'https://auth.example/authorize?x=1' }) });
    const open = vi.fn();
    vi.stubGlobal('window', { open });
    try {
      await servers.signIn('linear');
    } finally {
      vi.unstubAllGlobals();
    }
    expect(open).toHaveBeenCalledWith('https://auth.example/authorize?x=1', '_blank', 'noopener,noreferrer');
    expect(toasts.list.map((t) => [t.kind, t.text])).toEqual([['success', 'Finish signing in to linear in the browser tab that opened.']]);
  });
});
