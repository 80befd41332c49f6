// What the demo server answers: plausible JSON that follows the arguments for tools that
// read, and "nothing was changed" for every other tool.
import { describe, expect, it } from 'vitest';
import { cannedResult, isReadTool } from '../../../electron/gateway/demo/canned-results.js';

const textOf = (result: unknown) => ((result as { content: Array<{ text?: string }> }).content ?? []).map((c) => c.text ?? '').join('');
const json = (name: string, args: Record<string, unknown> = {}) => JSON.parse(textOf(cannedResult(name, args))) as unknown;

describe('canned results', () => {
  it('reads and writes are told apart by name', () => {
    for (const name of ['odoo_search_read', 'odoo_read', 'google_auth_status', 'who_am_i', 'public_access_report_pdf', 'ai_pipeline_steps_list']) expect(isReadTool(name), name).toBe(true);
    for (const name of ['odoo_create', 'odoo_write', 'odoo_unlink', 'odoo_execute', 'ai_pipeline_run', 'google_gmail_send', 'ssh_execute']) expect(isReadTool(name), name).toBe(false);
    expect(textOf(cannedResult('odoo_unlink', { model: 'res.partner', ids: [7] }))).toBe('demo: nothing was changed (odoo_unlink is a demo tool; a real server would have acted on res.partner records)');
    expect(JSON.parse(textOf(cannedResult('odoo_read', { model: 'sale.order', ids: [2], fields: ['name'] })))).toEqual([{ id: 2, name: 'S00002' }]);
  });

  it('says a write changed "the demo data" when no model is named', () => {
    expect(textOf(cannedResult('ssh_execute', { command: 'rm -rf /' }))).toBe('demo: nothing was changed (ssh_execute is a demo tool; a real server would have acted on the demo data)');
  });

  it('pages search results by offset and limit, ignoring nonsense values, and projects fields keeping the id', () => {
    expect(json('odoo_search', { model: 'res.partner', offset: 1, limit: 2 })).toEqual([8, 9]);
    expect(json('odoo_search', { model: 'res.partner', offset: -5, limit: 'all' })).toEqual([7, 8, 9, 10, 11]);
    expect(json('odoo_search', { model: 'res.partner', offset: -2, limit: 2 })).toEqual([7, 8]);
    expect(json('odoo_search_read', { model: 'crm.lead', fields: ['name', 7] })).toEqual([
      { id: 41, name: 'Office Design Project' },
      { id: 42, name: 'Quote for 150 carpets' },
    ]);
    expect(json('odoo_search_count', { model: 'account.move' })).toBe(2);
  });

  it('answers for an unknown model with made-up records, and lists models by pattern', () => {
    expect(json('odoo_search_read', { model: 'stock.picking', limit: 1 })).toEqual([{ id: 1, name: 'stock.picking #1', display_name: 'stock.picking #1' }]);
    // A model named like an Object member is just another unknown model (it used to throw).
    expect(json('odoo_search_count', { model: '__proto__' })).toBe(3);
    expect(json('odoo_search', { model: 'toString' })).toEqual([1, 2, 3]);
    expect(json('odoo_list_models', { pattern: 'sale' })).toEqual([{ model: 'sale.order', name: 'Sale Order' }]);
  });

  it('describes fields the way fields_get does', () => {
    expect(json('odoo_fields_get', { model: 'sale.order' })).toMatchObject({
      id: { type: 'integer', readonly: true },
      name: { type: 'char', required: true },
      partner_id: { string: 'Partner', type: 'many2one' },
      amount_total: { type: 'integer' },
    });
    expect(json('odoo_fields_get', { model: 'res.partner' })).toMatchObject({ is_company: { type: 'boolean' }, country_id: { string: 'Country' } });
  });

  it('gives other read tools a generic demo answer from res.partner', () => {
    expect(json('google_auth_status')).toMatchObject({ demo: true, tool: 'google_auth_status', result: [{ id: 7 }, { id: 8 }] });
  });
});
