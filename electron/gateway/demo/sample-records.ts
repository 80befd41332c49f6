// Made-up Odoo records for the demo's read tools: a handful per common model, so answers
// look like what a real Odoo returns without touching one.

export type DemoRecord = Record<string, unknown> & { id: number };

const SAMPLES: Record<string, DemoRecord[]> = {
  'res.partner': [
    { id: 7, name: 'Azure Interior', email: 'azure.interior24@example.com', city: 'Fremont', country_id: [233, 'United States'], is_company: true },
    { id: 8, name: 'Deco Addict', email: 'deco.addict82@example.com', city: 'Pleasant Hill', country_id: [233, 'United States'], is_company: true },
    { id: 9, name: 'Gemini Furniture', email: 'gemini.furniture39@example.com', city: 'Fairfield', country_id: [233, 'United States'], is_company: true },
    { id: 10, name: 'Lumber Inc', email: 'lumber-inv92@example.com', city: 'Stockton', country_id: [233, 'United States'], is_company: true },
    { id: 11, name: 'Ready Mat', email: 'ready.mat28@example.com', city: 'Tracy', country_id: [233, 'United States'], is_company: true },
  ],
  'sale.order': [
    { id: 1, name: 'S00001', partner_id: [7, 'Azure Interior'], amount_total: 1799.0, state: 'sale', date_order: '2026-11-03 09:12:44' },
    { id: 2, name: 'S00002', partner_id: [8, 'Deco Addict'], amount_total: 2947.5, state: 'draft', date_order: '2026-11-12 14:02:10' },
    { id: 3, name: 'S00003', partner_id: [9, 'Gemini Furniture'], amount_total: 480.0, state: 'sent', date_order: '2026-11-20 11:45:03' },
  ],
  'account.move': [
    { id: 21, name: 'INV/2026/00041', partner_id: [7, 'Azure Interior'], amount_total: 1799.0, payment_state: 'paid', invoice_date: '2026-11-04' },
    { id: 22, name: 'INV/2026/00042', partner_id: [10, 'Lumber Inc'], amount_total: 650.25, payment_state: 'not_paid', invoice_date: '2026-11-18' },
  ],
  'product.product': [
    { id: 31, name: 'Office Chair', default_code: 'FURN_7777', list_price: 70.0, qty_available: 41 },
    { id: 32, name: 'Large Desk', default_code: 'E-COM09', list_price: 1799.0, qty_available: 6 },
    { id: 33, name: 'Cabinet with Doors', default_code: 'E-COM11', list_price: 140.0, qty_available: 12 },
  ],
  'crm.lead': [
    { id: 41, name: 'Office Design Project', partner_id: [9, 'Gemini Furniture'], expected_revenue: 24000, stage_id: [2, 'Qualified'] },
    { id: 42, name: 'Quote for 150 carpets', partner_id: [11, 'Ready Mat'], expected_revenue: 40000, stage_id: [3, 'Proposition'] },
  ],
};

export const DEMO_MODELS = Object.keys(SAMPLES);

export function recordsOf(model: string): DemoRecord[] {
  // The model comes from a tool call's arguments: 'constructor' or '__proto__' is not a sample.
  if (Object.hasOwn(SAMPLES, model)) return SAMPLES[model]!;
  return [1, 2, 3].map((id) => ({ id, name: `${model} #${id}`, display_name: `${model} #${id}` }));
}

/** The fields a record of the model has, described the way fields_get does. */
export function fieldsOf(model: string): Record<string, { string: string; type: string; required: boolean; readonly: boolean }> {
  const fields: Record<string, { string: string; type: string; required: boolean; readonly: boolean }> = {};
  for (const [name, value] of Object.entries(recordsOf(model)[0] ?? { id: 1 })) {
    const type = name === 'id' ? 'integer' : Array.isArray(value) ? 'many2one' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'float') : typeof value === 'boolean' ? 'boolean' : 'char';
    fields[name] = { string: name.replace(/_id$/, '').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), type, required: name === 'name', readonly: name === 'id' };
  }
  return fields;
}
