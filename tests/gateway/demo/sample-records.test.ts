// Made-up Odoo records for the demo's reads: a handful per common model, numbered stand-ins
// for any other, and their fields described as fields_get would.
import { describe, expect, it } from 'vitest';
import { DEMO_MODELS, fieldsOf, recordsOf } from '../../../electron/gateway/demo/sample-records.js';

describe('sample records', () => {
  it('has records with distinct ids for every listed model', () => {
    expect(DEMO_MODELS).toContain('res.partner');
    for (const model of DEMO_MODELS) {
      const ids = recordsOf(model).map((r) => r.id);
      expect(ids.length, model).toBeGreaterThan(0);
      expect(new Set(ids).size, model).toBe(ids.length);
    }
  });

  it('makes up three numbered records for any other model, never inheriting from Object', () => {
    expect(recordsOf('x.y')).toEqual([1, 2, 3].map((id) => ({ id, name: `x.y #${id}`, display_name: `x.y #${id}` })));
    expect(recordsOf('constructor')).toHaveLength(3);
  });

  it('describes each field of the first record: id read-only, name required, links as many2one', () => {
    expect(fieldsOf('sale.order')).toEqual({
      id: { string: 'Id', type: 'integer', required: false, readonly: true },
      name: { string: 'Name', type: 'char', required: true, readonly: false },
      partner_id: { string: 'Partner', type: 'many2one', required: false, readonly: false },
      amount_total: { string: 'Amount total', type: 'integer', required: false, readonly: false },
      state: { string: 'State', type: 'char', required: false, readonly: false },
      date_order: { string: 'Date order', type: 'char', required: false, readonly: false },
    });
    expect(fieldsOf('res.partner').is_company!.type).toBe('boolean');
  });
});
