// The catalog store: a server's catalog is loaded when first asked for (once, even while it is
// loading), sorted by name, reloaded on catalog-changed and on a resume only for servers shown,
// and a review or a risk override replaces its entry with the gateway's answer.
import { describe, expect, test } from 'vitest';
import type { CatalogEntry } from '../../../shared/catalog.js';
import { catalogEntry as entry } from './catalog-entry.js';
import { freshApp, settled } from './fresh-app.js';

async function started(answers: Parameters<typeof freshApp>[0] = {}) {
  const tables: Record<string, CatalogEntry[]> = { odoo: [entry('odoo', 'write'), entry('odoo', 'gone', 'removed'), entry('odoo', 'read')], memory: [entry('memory', 'recall')] };
  const fresh = await freshApp({ listCatalog: ({ serverId }) => (tables[serverId] ?? []).map((e) => ({ ...e })), ...answers });
  const { catalog } = await import('../../../renderer/src/stores/catalog.svelte.js');
  catalog.start();
  catalog.start();
  return { ...fresh, catalog, tables };
}

describe('loading', () => {
  test('ensure loads a server once, even when asked again while it loads; entries sorted by name', async () => {
    const { client, catalog } = await started();
    expect(catalog.entries('odoo')).toBeUndefined();
    catalog.ensure('odoo');
    expect(catalog.loading.odoo).toBe(true);
    catalog.ensure('odoo');
    await settled();
    catalog.ensure('odoo');
    expect(client.count('listCatalog')).toBe(1);
    expect(catalog.loading.odoo).toBe(false);
    expect(catalog.entries('odoo')?.map((e) => e.name)).toEqual(['gone', 'read', 'write']);
  });

  test('tool names leave out removed tools; an unknown server has none', async () => {
    const { catalog } = await started();
    await catalog.load('odoo');
    expect(catalog.toolNames('odoo')).toEqual(['read', 'write']);
    expect(catalog.toolNames('nowhere')).toEqual([]);
  });

  test('catalog-changed and a resume reload only the servers already loaded', async () => {
    const { client, catalog, tables } = await started();
    await catalog.load('odoo');
    tables.odoo = [entry('odoo', 'fresh', 'new')];
    client.emit('catalog-changed', { serverId: 'odoo' });
    client.emit('catalog-changed', { serverId: 'memory' });
    await settled();
    expect(catalog.entries('odoo')?.map((e) => e.name)).toEqual(['fresh']);
    expect(catalog.entries('memory')).toBeUndefined();
    client.connect({ state: 'open', resumed: true });
    await settled();
    expect(client.inputs.filter(([m]) => m === 'listCatalog').map(([, input]) => input)).toEqual([{ serverId: 'odoo' }, { serverId: 'odoo' }, { serverId: 'odoo' }]);
  });

  test('a failed load says which server, and is no longer loading', async () => {
    const { catalog, toasts } = await started({ listCatalog: () => Promise.reject(new Error('not-found: server x')) });
    await catalog.load('x');
    expect(catalog.loading.x).toBe(false);
    expect(catalog.entries('x')).toBeUndefined();
    expect(toasts.list.map((t) => t.text)).toEqual(['Could not load the catalog of x: not-found: server x']);
  });
});

describe('review and override', () => {
  test("replace the entry in place with the gateway's answer; an entry of a server not shown is ignored", async () => {
    const { client, catalog } = await started({
      reviewTool: ({ serverId, tool }) => entry(serverId, tool, 'accepted', 'h2'),
      overrideRisk: ({ serverId, tool }) => ({ ...entry(serverId, tool), class: 'destructive' }),
    });
    await catalog.load('odoo');
    await catalog.review('odoo', 'write');
    await catalog.override('odoo', 'read', { class: 'destructive' } as never);
    await catalog.review('memory', 'recall');
    expect(catalog.entries('odoo')?.map((e) => [e.name, e.hash, e.class])).toEqual([
      ['gone', 'h1', 'read'],
      ['read', 'h1', 'destructive'],
      ['write', 'h2', 'read'],
    ]);
    expect(catalog.entries('memory')).toBeUndefined();
    expect(client.inputs.find(([m]) => m === 'overrideRisk')).toEqual(['overrideRisk', { serverId: 'odoo', tool: 'read', override: { class: 'destructive' } }]);
  });
});
