// The demo policy: valid, uses every rule kind, and decides the way the demo promises.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { classifyTool } from '../../../electron/gateway/catalog/classify-tool.js';
import { DEMO_POLICY } from '../../../electron/gateway/demo/demo-policy.js';
import { PolicyEngine } from '../../../electron/gateway/policy/engine.js';
import { MemoryCounterStore } from '../../../electron/gateway/policy/memory-counter-store.js';
import { matchesGlob } from '../../../shared/policy/glob.js';
import { validatePolicy } from '../../../shared/policy/validate.js';

const TOOLS = JSON.parse(readFileSync(path.resolve('tests/fixtures/odoo-claude-mcp-tools.json'), 'utf8')) as Array<{ name: string; description: string; inputSchema: Record<string, unknown> }>;
const tool = (name: string) => {
  const def = TOOLS.find((t) => t.name === name)!;
  return { name, riskClass: classifyTool(def).class, inputSchema: def.inputSchema };
};

describe('DEMO_POLICY', () => {
  test('is valid, without warnings', () => {
    const result = validatePolicy(DEMO_POLICY);
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  test('uses every rule kind', () => {
    const rules = Object.values(DEMO_POLICY.tools ?? {});
    expect(rules.some((r) => (r.action ?? 'allow') === 'allow')).toBe(true);
    expect(rules.some((r) => r.action === 'deny' && r.reason)).toBe(true);
    expect(DEMO_POLICY.hide?.length).toBeGreaterThan(0);
    expect(rules.some((r) => r.rate_limit)).toBe(true);
    expect(rules.some((r) => r.limits?.length)).toBe(true);
    expect(rules.some((r) => r.require?.length && r.deny_if?.length)).toBe(true);
    expect(rules.some((r) => r.validate_schema === true)).toBe(true);
    expect(rules.some((r) => r.action === 'approve' && r.approval?.timeout_s)).toBe(true);
    expect(Object.keys(DEMO_POLICY.risk ?? {}).sort()).toEqual(['destructive', 'execute', 'financial', 'read', 'write']);
    expect(DEMO_POLICY.all_tools?.limits?.length).toBeGreaterThan(0);
  });

  test('names only tools the demo server has', () => {
    const names = TOOLS.map((t) => t.name);
    for (const key of [...Object.keys(DEMO_POLICY.tools ?? {}), ...(DEMO_POLICY.hide ?? [])]) {
      expect(names.some((n) => (key.includes('*') ? matchesGlob(key, n) : n === key)), key).toBe(true);
    }
  });
});

describe('decisions on the demo tools', () => {
  const engine = new PolicyEngine({ serverId: 'demo-odoo', policy: DEMO_POLICY, counters: new MemoryCounterStore() });
  const decide = (name: string, args: Record<string, unknown> = {}, sessionId = 's1') => engine.decide({ tool: tool(name), args, grant: 'demo', sessionId, now: 1_000_000 });

  test('allow, require, deny_if, deny with reason, hide, schema, approve, risk', async () => {
    expect((await decide('odoo_search_read', { model: 'res.partner' })).action).toBe('allow');
    expect((await decide('odoo_search_read', { model: 'res.users' })).record).toMatchObject({ action: 'deny', cause: 'require' });
    expect((await decide('odoo_search_read', { model: 'res.partner', limit: 500 })).record).toMatchObject({ action: 'deny', cause: 'deny_if' });
    expect((await decide('odoo_unlink', { model: 'res.partner', ids: [7] })).record).toMatchObject({ action: 'deny', reason: 'Deleting records is not allowed for agents' });
    expect((await decide('ssh_execute', { command: 'ls' })).action).toBe('hidden');
    expect(engine.isVisible({ name: 'ssh_execute' })).toBe(false);
    expect(engine.isVisible({ name: 'odoo_unlink' })).toBe(true); // visible, so an agent can try it and see the denial
    expect((await decide('odoo_create', { model: 'res.partner' })).record).toMatchObject({ action: 'deny', cause: 'schema' });
    expect((await decide('odoo_create', { model: 'res.partner', values: { name: 'Ada' } })).action).toBe('approve');
    expect((await decide('odoo_execute', { model: 'sale.order', method: 'action_confirm' })).action).toBe('approve');
    expect((await decide('odoo_write', { model: 'res.partner', ids: [7], values: {} })).record).toMatchObject({ action: 'approve', rule: 'risk.write' });
    expect((await decide('memory_delete', { key: 'x' })).record).toMatchObject({ action: 'deny', rule: 'risk.destructive' });
    expect((await decide('odoo_stock_close_unaccounted_value', {})).record).toMatchObject({ action: 'deny', rule: 'risk.financial' });
    expect((await decide('google_gmail_send', {})).record).toMatchObject({ action: 'deny', rule: 'tools.google_*' });
    expect((await decide('public_access_shop', {})).action).toBe('allow');
  });

  test('counting runs out on the fourth call of a session', async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await decide('odoo_search_count', { model: 'sale.order' }, 'count-session'));
    expect(results.map((r) => r.action)).toEqual(['allow', 'allow', 'allow', 'deny']);
    expect(results[3]!.record.cause).toBe('limit');
    expect((await decide('odoo_search_count', { model: 'sale.order' }, 'another-session')).action).toBe('allow');
  });

  test('the all_tools limit caps a grant at 60 calls a minute', async () => {
    const fresh = new PolicyEngine({ serverId: 'demo-odoo', policy: DEMO_POLICY, counters: new MemoryCounterStore() });
    const actions = [];
    for (let i = 0; i < 61; i++) actions.push((await fresh.decide({ tool: tool('odoo_version'), args: {}, grant: 'g', sessionId: 's', now: 5_000_000 })).record);
    expect(actions.slice(0, 60).every((r) => r.action === 'allow')).toBe(true);
    expect(actions[60]).toMatchObject({ action: 'deny', cause: 'limit', causePath: 'all_tools.limits[0]' });
  });
});
