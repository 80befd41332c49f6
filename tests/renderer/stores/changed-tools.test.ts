// Tools changed or new since review, over every server: the badge's count and where it leads,
// every server's catalog kept loaded, and one toast per definition that turns up flagged after
// the window opened (not for what was flagged already).
import { flushSync } from 'svelte';
import { describe, expect, test } from 'vitest';
import type { ServerView } from '../../../shared/api.js';
import type { CatalogEntry } from '../../../shared/catalog.js';
import { catalogEntry as entry } from './catalog-entry.js';
import { freshApp, settled } from './fresh-app.js';

const server = (id: string) => ({ config: { id }, status: { id, state: 'ready' } }) as unknown as ServerView;

async function started(tables: Record<string, CatalogEntry[]>, ids = Object.keys(tables)) {
  const fresh = await freshApp({ listServers: () => ids.map(server), listCatalog: ({ serverId }) => (tables[serverId] ?? []).map((e) => ({ ...e })) });
  const { changedTools } = await import('../../../renderer/src/stores/changed-tools.svelte.js');
  const { servers } = await import('../../../renderer/src/stores/servers.svelte.js');
  const { catalog } = await import('../../../renderer/src/stores/catalog.svelte.js');
  servers.start();
  catalog.start();
  changedTools.start();
  changedTools.start();
  await settled();
  flushSync();
  await settled();
  flushSync();
  return { ...fresh, changedTools, catalog };
}

const toastTexts = (toasts: { list: { text: string }[] }) => toasts.list.map((t) => t.text);

describe('the badge', () => {
  test('counts changed and new tools over every listed server, leading to the first server (by id) that has one', async () => {
    const { client, changedTools, toasts } = await started({
      zeta: [entry('zeta', 'a', 'changed')],
      beta: [entry('beta', 'b', 'new'), entry('beta', 'c', 'accepted'), entry('beta', 'd', 'removed')],
      alpha: [entry('alpha', 'e')],
    });
    expect(client.count('listCatalog')).toBe(3);
    expect(changedTools.count).toBe(2);
    expect(changedTools.firstServer).toBe('beta');
    expect(changedTools.byServer.alpha).toEqual([]);
    expect(changedTools.byServer.beta?.map((e) => e.name)).toEqual(['b']);
    // Flagged when the window opened: counted, not announced.
    expect(toastTexts(toasts)).toEqual([]);
  });

  test('no flagged tool: a zero count and nowhere to lead', async () => {
    const { changedTools } = await started({ odoo: [entry('odoo', 'read')] });
    expect([changedTools.count, changedTools.firstServer]).toEqual([0, undefined]);
  });
});

describe('announcing', () => {
  test('a tool whose definition changes after the window opened gets one toast; the same definition again gets none', async () => {
    const tables = { odoo: [entry('odoo', 'read'), entry('odoo', 'write', 'changed', 'w1')] };
    const { client, changedTools, toasts } = await started(tables);
    tables.odoo = [entry('odoo', 'read', 'changed', 'r2'), entry('odoo', 'write', 'changed', 'w1')];
    client.emit('catalog-changed', { serverId: 'odoo' });
    await settled();
    flushSync();
    expect(changedTools.count).toBe(2);
    expect(toastTexts(toasts)).toEqual(["odoo: 'read' changed its definition since it was reviewed. Review it in Catalog before trusting it."]);
    client.emit('catalog-changed', { serverId: 'odoo' });
    await settled();
    flushSync();
    expect(toasts.list).toHaveLength(1);
  });

  test('new tools "appeared"; more than three are named three and counted', async () => {
    const tables: Record<string, CatalogEntry[]> = { odoo: [] };
    const { client, toasts } = await started(tables);
    tables.odoo = ['a', 'b', 'c', 'd', 'e'].map((name) => entry('odoo', name, 'new'));
    client.emit('catalog-changed', { serverId: 'odoo' });
    await settled();
    flushSync();
    expect(toastTexts(toasts)).toEqual(["odoo: 'a', 'b', 'c' and 2 more appeared since it was reviewed. Review it in Catalog before trusting it."]);
  });

  test('a server not loaded yet is loaded on its catalog-changed, and what it flags at first sight is not announced', async () => {
    const tables: Record<string, CatalogEntry[]> = { odoo: [], late: [entry('late', 'x', 'new')] };
    const { client, changedTools, toasts } = await started(tables, ['odoo']);
    client.emit('catalog-changed', { serverId: 'late' });
    await settled();
    flushSync();
    expect(changedTools.count).toBe(1);
    expect(changedTools.firstServer).toBe('late');
    expect(toasts.list).toEqual([]);
  });
});
