import { readFile, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogEntry, ToolListing } from '../../../shared/catalog.js';
import { validatePolicy } from '../../../shared/policy/validate.js';
import { Catalog } from '../../../electron/gateway/catalog/catalog.js';
import { recommendPolicy } from '../../../electron/gateway/catalog/recommend-policy.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

let dir: string;
let odoo: CatalogEntry[];
let catalog: Catalog;

beforeAll(async () => {
  dir = makeTempDir('portcullis-recommend-');
  const fixture = JSON.parse(await readFile(new URL('../../fixtures/odoo-claude-mcp-tools.json', import.meta.url), 'utf8')) as Array<ToolListing & { server: string }>;
  catalog = await Catalog.open(dir, { saveDelayMs: 10 });
  catalog.sync('odoo', { tools: fixture.filter((t) => t.server === 'odoo-rpc-mcp') });
  odoo = catalog.entries('odoo');
});

afterAll(async () => {
  await catalog.close();
  await rm(dir, { recursive: true, force: true });
});

describe('recommendPolicy', () => {
  it('writes a policy document that the validator accepts', () => {
    const policy = recommendPolicy('odoo', odoo);
    const result = validatePolicy(JSON.parse(JSON.stringify(policy)));
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(policy.version).toBe('1');
    expect(policy.description).toMatch(/^Recommended by Portcullis for 'odoo' from its catalog of 123 tools/);
  });

  it('maps classes to actions: read allow, write rate-limited, execute limited and validated, destructive and financial approved', () => {
    const { risk, all_tools: allTools } = recommendPolicy('odoo', odoo);
    expect(risk?.read?.action).toBe('allow');
    expect(risk?.write).toMatchObject({ action: 'allow', limits: [{ counter: 'write_calls', window: 'minute', max: 30, scope: 'grant' }] });
    expect(risk?.execute).toMatchObject({ action: 'allow', validate_schema: true });
    expect(risk?.execute?.limits).toHaveLength(1);
    expect(risk?.destructive?.action).toBe('approve');
    expect(risk?.financial?.action).toBe('approve');
    expect(allTools?.limits?.[0]).toMatchObject({ counter: 'all', max: 120 });
    for (const rule of Object.values(risk ?? {})) expect(rule.reason).toBeTruthy();
  });

  it('gives tools that need more than their class rule a rule of their own, with a reason', () => {
    const { tools = {} } = recommendPolicy('odoo', odoo);
    expect(tools.odoo_execute).toMatchObject({ action: 'approve' });
    expect(tools.odoo_execute!.reason).toMatch(/^Critical execute tool \(description mentions 'any model method'\)/);
    expect(tools.ssh_execute?.action).toBe('approve');
    expect(tools.mcp_terminal_get_config).toMatchObject({ action: 'approve', reason: expect.stringMatching(/secrets/) });
    expect(tools.google_gmail_send).toMatchObject({ action: 'allow', limits: [{ counter: 'google_gmail_send_calls', max: 10 }] });
    // Tools their class rule fits are left to it (ai_pipeline_run: risk.execute, limited and validated).
    expect(tools.ai_pipeline_run).toBeUndefined();
    expect(tools.odoo_search_read).toBeUndefined();
    expect(tools.odoo_unlink).toBeUndefined();
  });

  it('follows overrides, leaves removed tools out, and approves tools whose annotations lie', () => {
    const entries: CatalogEntry[] = odoo.map((e) => (e.name === 'ssh_execute' ? { ...e, class: 'read', level: 'low', override: { class: 'read', level: 'low', at: 't' } } : e));
    entries.push({ ...odoo[0]!, name: 'gone_tool', status: 'removed', level: 'critical' });
    entries.push({ ...odoo[0]!, name: 'liar', class: 'destructive', level: 'critical', risk: { ...odoo[0]!.risk, mismatch: true, reasons: ["name contains 'delete' → destructive: removes data"] } });
    const { tools = {} } = recommendPolicy('odoo', entries);
    expect(tools.ssh_execute).toBeUndefined();
    expect(tools.gone_tool).toBeUndefined();
    expect(tools.liar).toMatchObject({ action: 'approve', reason: expect.stringMatching(/annotations contradict .*name contains 'delete'/) });
  });

  it('keeps a tool named __proto__ as a plain key', () => {
    const entry = { ...odoo.find((e) => e.name === 'ssh_execute')!, name: '__proto__' };
    const policy = recommendPolicy('odoo', [entry]);
    expect(Object.keys(policy.tools ?? {})).toEqual(['__proto__']);
    expect(validatePolicy(JSON.parse(JSON.stringify(policy))).ok).toBe(true);
  });
});
