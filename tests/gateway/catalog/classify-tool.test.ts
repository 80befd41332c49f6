import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ToolListing } from '../../../shared/catalog.js';
import { classifyTool } from '../../../electron/gateway/catalog/classify-tool.js';
import { RISK_RULES, type RiskRule } from '../../../electron/gateway/catalog/risk-rules.js';

const ODOO_FIXTURE = new URL('../../fixtures/odoo-claude-mcp-tools.json', import.meta.url);
const odooTools = JSON.parse(readFileSync(ODOO_FIXTURE, 'utf8')) as Array<ToolListing & { server: string }>;
const odoo = (name: string): ToolListing => {
  const tool = odooTools.find((t) => t.name === name);
  if (!tool) throw new Error(`no ${name} in the fixture`);
  return tool;
};

const tool = (name: string, description = '', extra: Partial<ToolListing> = {}): ToolListing => ({ name, description, inputSchema: { type: 'object' }, ...extra });

describe('classifyTool on names and descriptions', () => {
  it.each([
    ['odoo_unlink', 'destructive'],
    ['createInvoice', 'financial'],
    ['read-file', 'read'],
    ['list_payments', 'read'],
    ['get_workflow_run', 'read'],
    ['run_workflow', 'execute'],
    ['pay_invoice', 'financial'],
    ['search_and_replace', 'write'],
    ['update_record', 'write'],
  ])('%s → %s', (name, expected) => {
    expect(classifyTool(tool(name)).class).toBe(expected);
  });

  it('classifies ai_pipeline_run as execute / high, and says why', () => {
    const risk = classifyTool(odoo('ai_pipeline_run'));
    expect(risk.class).toBe('execute');
    expect(risk.level).toBe('high');
    expect(risk.reasons[0]).toMatch(/name contains 'run'; description says 'execute' → execute/);
    expect(risk.reasons).toContain('no annotations: assumed not read-only, destructive, open-world');
    expect(risk.mismatch).toBe(false);
  });

  it('applies precedence financial > destructive > execute > write > read', () => {
    expect(classifyTool(tool('create_and_delete_items')).class).toBe('destructive');
    expect(classifyTool(tool('export_data', 'Export rows, then delete them')).class).toBe('destructive');
    expect(classifyTool(tool('delete_payment', 'Delete a payment and refund it')).class).toBe('financial');
    expect(classifyTool(tool('run_import', 'Import rows')).class).toBe('execute');
  });

  it('reads schema fields, with their types', () => {
    const send = classifyTool(tool('create_transfer_request', 'Create a request', {
      inputSchema: { type: 'object', properties: { amount: { type: 'number' }, to: { type: 'string' } } },
    }));
    expect(send.class).toBe('financial');
    expect(send.reasons.join('\n')).toContain("schema field 'amount' (number)");
    const shell = classifyTool(tool('helper', 'Helps', { inputSchema: { type: 'object', properties: { options: { type: 'object', properties: { command: { type: 'string' } } } } } }));
    expect(shell.class).toBe('execute');
    expect(shell.level).toBe('critical');
    expect(shell.reasons.join('\n')).toContain("schema field 'options.command' (string)");
  });

  it('matches whole field names where a part would mislead', () => {
    const listing = tool('list_payments', 'List payments', { inputSchema: { type: 'object', properties: { payment_method: { type: 'string' } } } });
    expect(classifyTool(listing).class).toBe('read');
    const caller = tool('proxy', 'Proxy a request', { inputSchema: { type: 'object', properties: { method: { type: 'string' } } } });
    expect(classifyTool(caller).class).toBe('execute');
  });

  it('does not let a namespace or an identifier in the text decide', () => {
    // `ai_invoice_` is a namespace; `/data/plugins/ai_invoice` is a path.
    expect(classifyTool(odoo('ai_invoice_plugins_reload')).class).toBe('write');
    expect(classifyTool(odoo('odoo_web_logout')).class).toBe('write');
  });

  it('falls back to write (not read-only by default) when nothing matches', () => {
    const risk = classifyTool(tool('frobnicate', 'Frobnicates the widget'));
    expect(risk).toMatchObject({ class: 'write', level: 'medium', rules: [] });
    expect(risk.reasons[0]).toMatch(/no rule matched/);
  });
});

describe('classifyTool with annotations', () => {
  const hints = (annotations: ToolListing['annotations']) => ({ annotations });

  it('trusts a read-only claim that the text agrees with', () => {
    const risk = classifyTool(tool('fetch_page', 'Fetch a page', hints({ readOnlyHint: true, openWorldHint: true })));
    expect(risk).toMatchObject({ class: 'read', level: 'low', mismatch: false });
    expect(risk.reasons[0]).toContain('annotation readOnlyHint: true');
  });

  it('flags a read-only claim whose name or description says it deletes, sends or executes', () => {
    const deletes = classifyTool(tool('delete_everything', 'Delete all files', hints({ readOnlyHint: true, openWorldHint: false })));
    expect(deletes).toMatchObject({ class: 'destructive', level: 'critical', mismatch: true });
    expect(deletes.reasons.join('\n')).toMatch(/mismatch: annotation readOnlyHint: true, but name contains 'delete'/);
    const sends = classifyTool(tool('notify', 'Sends an email to the whole team', hints({ readOnlyHint: true })));
    expect(sends).toMatchObject({ class: 'write', level: 'critical', mismatch: true });
    const runs = classifyTool(tool('helper', 'Executes the given script', hints({ readOnlyHint: true })));
    expect(runs).toMatchObject({ class: 'execute', level: 'critical', mismatch: true });
  });

  it('flags destructiveHint: false on a tool that says it deletes', () => {
    const risk = classifyTool(tool('purge_cache_entries', 'Permanently delete entries', hints({ readOnlyHint: false, destructiveHint: false })));
    expect(risk).toMatchObject({ class: 'destructive', mismatch: true });
  });

  it('trusts hints that raise the risk', () => {
    expect(classifyTool(tool('get_weather', 'Get the weather', hints({ readOnlyHint: false }))).class).toBe('write');
    expect(classifyTool(tool('tidy', 'Tidy things', hints({ readOnlyHint: false, destructiveHint: true }))).class).toBe('destructive');
  });

  it('lowers levels only on stated hints: closed world, idempotent writes', () => {
    const open = classifyTool(tool('create_note', 'Create a note'));
    const closed = classifyTool(tool('create_note', 'Create a note', hints({ readOnlyHint: false, openWorldHint: false })));
    const idempotentClosed = classifyTool(tool('create_note', 'Create a note', hints({ readOnlyHint: false, openWorldHint: false, idempotentHint: true })));
    expect([open.level, closed.level, idempotentClosed.level]).toEqual(['medium', 'low', 'low']);
    expect(closed.reasons.join('\n')).toContain('annotation openWorldHint: false');
    const deletesLocally = classifyTool(tool('delete_note', 'Delete a note', hints({ readOnlyHint: false, destructiveHint: true, openWorldHint: false })));
    expect(deletesLocally.level).toBe('medium');
  });

  it('ignores destructive and idempotent hints on a read-only tool, as the spec says', () => {
    const risk = classifyTool(tool('show_items', 'Show items', hints({ readOnlyHint: true, destructiveHint: true })));
    expect(risk).toMatchObject({ class: 'read', mismatch: false });
  });
});

describe('the rules are data', () => {
  it('runs a rule added by a person', () => {
    const rules: RiskRule[] = [...RISK_RULES, { id: 'deploy-prod', class: 'destructive', level: 'critical', match: { descriptionPhrases: ['to production'] }, reason: 'changes production' }];
    const risk = classifyTool(tool('ship', 'Ship the build to production'), rules);
    expect(risk).toMatchObject({ class: 'destructive', level: 'critical' });
    expect(risk.rules).toContain('deploy-prod');
    expect(classifyTool(tool('ship', 'Ship the build to production')).class).toBe('write');
  });
});

describe('the Odoo fixture (141 real, unannotated tools)', () => {
  const results = odooTools.map((t) => ({ tool: t, risk: classifyTool(t) }));
  const classOf = (name: string) => results.find((r) => r.tool.name === name)!.risk;

  it('classifies every tool, with reasons', () => {
    expect(results).toHaveLength(141);
    const counts: Record<string, number> = {};
    const levels: Record<string, number> = {};
    for (const { risk } of results) {
      counts[risk.class] = (counts[risk.class] ?? 0) + 1;
      levels[risk.level] = (levels[risk.level] ?? 0) + 1;
      expect(risk.reasons.length).toBeGreaterThan(1);
      expect(risk.mismatch).toBe(false);
    }
    console.log('Odoo fixture classes:', JSON.stringify(counts), 'levels:', JSON.stringify(levels));
    const examples = ['ai_pipeline_run', 'odoo_execute', 'odoo_unlink', 'odoo_search_read', 'odoo_create', 'google_gmail_send',
      'ssh_execute', 'odoo_stock_close_unaccounted_value', 'mcp_terminal_get_config', 'github_api', 'odoo_web_logout', 'public_access_barcode'];
    for (const name of examples) {
      const risk = classOf(name);
      console.log(`${name}: ${risk.class}/${risk.level}\n    ${risk.reasons.join('\n    ')}`);
    }
    // Every class shows up in a real ERP + mail + shell toolset.
    expect(Object.keys(counts).sort()).toEqual(['destructive', 'execute', 'financial', 'read', 'write']);
  });

  it.each([
    ['odoo_search_read', 'read', 'low'],
    ['odoo_read', 'read', 'low'],
    ['odoo_create', 'write', 'medium'],
    ['odoo_write', 'write', 'medium'],
    ['odoo_unlink', 'destructive', 'high'],
    ['odoo_execute', 'execute', 'critical'],
    ['odoo_web_call', 'execute', 'critical'],
    ['ssh_execute', 'execute', 'critical'],
    ['ai_pipeline_run', 'execute', 'high'],
    ['google_gmail_send', 'write', 'high'],
    ['google_calendar_delete_event', 'destructive', 'high'],
    ['odoo_stock_close_unaccounted_value', 'financial', 'high'],
    ['mcp_terminal_get_config', 'read', 'high'],
    ['public_access_portal_invoices', 'read', 'low'],
  ])('%s → %s / %s', (name, cls, level) => {
    expect(classOf(name)).toMatchObject({ class: cls, level });
  });
});
