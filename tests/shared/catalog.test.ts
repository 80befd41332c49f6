import { describe, expect, it } from 'vitest';
import { toCatalogRow, type CatalogEntry } from '../../shared/catalog.js';

describe('toCatalogRow', () => {
  it('gives the CLI the effective class and level, the reasons and the status', () => {
    const entry: CatalogEntry = {
      serverId: 's', name: 'odoo_unlink', hash: 'h', firstSeen: 't', lastChanged: 't', lastSeen: 't', status: 'changed',
      risk: { class: 'destructive', level: 'high', reasons: ["name contains 'unlink' → destructive"], rules: ['destructive-verbs'], mismatch: false },
      override: { level: 'critical', at: 't' }, class: 'destructive', level: 'critical', history: [],
    };
    expect(toCatalogRow(entry)).toEqual({
      name: 'odoo_unlink', class: 'destructive', level: 'critical', reasons: ["name contains 'unlink' → destructive"], status: 'changed', overridden: true, mismatch: false,
    });
  });
});
