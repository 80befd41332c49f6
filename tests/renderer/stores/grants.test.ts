// The grants store: client grants sorted by name, reloaded on grants-changed and on a resume;
// a created grant's token is handed back once; a revoked grant goes from the list.
import { describe, expect, test } from 'vitest';
import type { GrantInfo } from '../../../shared/config.js';
import { freshApp, settled } from './fresh-app.js';

const grant = (name: string): GrantInfo => ({ name, createdAt: '2026-01-01T00:00:00Z' });

async function started(answers: Parameters<typeof freshApp>[0] = {}) {
  let list = [grant('zed'), grant('cursor')];
  const fresh = await freshApp({ listGrants: () => list.map((g) => ({ ...g })), ...answers });
  const { grants } = await import('../../../renderer/src/stores/grants.svelte.js');
  grants.start();
  grants.start();
  await settled();
  return { ...fresh, grants, setList: (next: GrantInfo[]) => (list = next) };
}

describe('grants', () => {
  test('loads once on start, sorted by name', async () => {
    const { client, grants } = await started();
    expect(client.count('listGrants')).toBe(1);
    expect(grants.loaded).toBe(true);
    expect(grants.list.map((g) => g.name)).toEqual(['cursor', 'zed']);
  });

  test('grants-changed and a resume reload it', async () => {
    const { client, grants, setList } = await started();
    setList([grant('claude')]);
    client.emit('grants-changed', { names: ['claude'] });
    await settled();
    expect(grants.list.map((g) => g.name)).toEqual(['claude']);
    client.connect({ state: 'open', resumed: true });
    await settled();
    expect(client.count('listGrants')).toBe(3);
  });

  test('create returns the token and reloads; revoke drops the grant without a reload', async () => {
    const { client, grants, setList } = await started({
      createGrant: ({ name }) => ({ grant: grant(name), token: 'pcg_secret' }),
      revokeGrant: () => undefined,
    });
    setList([grant('zed'), grant('cursor'), grant('claude')]);
    expect(await grants.create('claude')).toEqual({ grant: grant('claude'), token: 'pcg_secret' });
    expect(grants.list.map((g) => g.name)).toEqual(['claude', 'cursor', 'zed']);
    await grants.revoke('cursor');
    expect(grants.list.map((g) => g.name)).toEqual(['claude', 'zed']);
    expect(client.count('listGrants')).toBe(2);
    expect(client.inputs.at(-1)).toEqual(['revokeGrant', { name: 'cursor' }]);
  });

  test('a list that cannot load says why and keeps what is shown', async () => {
    let fail = false;
    const { grants, toasts } = await started({ listGrants: () => (fail ? Promise.reject(new Error('gateway stopped')) : [grant('cursor')]) });
    fail = true;
    await grants.load();
    expect(grants.list.map((g) => g.name)).toEqual(['cursor']);
    expect(toasts.list.map((t) => t.text)).toEqual(['Could not load clients: gateway stopped']);
  });
});
