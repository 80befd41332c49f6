import { describe, expect, it } from 'vitest';
import { isHeldForReview, toCatalogRow, type CatalogEntry } from '../../shared/catalog.js';

describe('toCatalogRow', () => {
  it('gives the CLI the effective class and level, the reasons and the status', () => {
    const entry: CatalogEntry = {
      serverId: 's', name: 'odoo_unlink', hash: 'h', firstSeen: 't', lastChanged: 't', lastSeen: 't', status: 'changed',
      risk: { class: 'destructive', level: 'high', reasons: ["name contains 'unlink' → destructive"], rules: ['destructive-verbs'], mismatch: false },
      override: { level: 'critical', at: 't' }, class: 'destructive', level: 'critical', history: [],
      flags: [{ kind: 'confusable-name', reason: 'r', text: 'o', field: 'name', excerpt: 'odoo_unlink', at: 0 }], flagsReviewed: false,
    };
    expect(toCatalogRow(entry)).toEqual({
      name: 'odoo_unlink', class: 'destructive', level: 'critical', reasons: ["name contains 'unlink' → destructive"], status: 'changed', overridden: true, mismatch: false,
      flags: [{ kind: 'confusable-name', reason: 'r', text: 'o', field: 'name', excerpt: 'odoo_unlink', at: 0 }], held: true,
    });
  });
});

describe('isHeldForReview', () => {
  const flag = { kind: 'hidden-content' as const, reason: 'r', text: 't', field: 'description', excerpt: 't', at: 0 };
  it('holds a flagged definition until a person reviewed it, and never a removed tool', () => {
    expect(isHeldForReview({ flags: [flag], flagsReviewed: false, status: 'accepted' })).toBe(true);
    expect(isHeldForReview({ flags: [flag], flagsReviewed: true, status: 'accepted' })).toBe(false);
    expect(isHeldForReview({ flags: [], flagsReviewed: false, status: 'new' })).toBe(false);
    expect(isHeldForReview({ flags: [flag], flagsReviewed: false, status: 'removed' })).toBe(false);
  });
});
