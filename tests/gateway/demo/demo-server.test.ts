// The demo server, built into dist/ like the rest and spoken to by a real SDK client over stdio.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const DIST_ENTRY = path.resolve('dist/electron/gateway/demo/demo-server.js');
const FIXTURE = JSON.parse(readFileSync(path.resolve('tests/fixtures/odoo-claude-mcp-tools.json'), 'utf8')) as Array<{ name: string }>;
const UNIQUE_NAMES = [...new Set(FIXTURE.map((t) => t.name))];
const textOf = (result: unknown) => ((result as { content: Array<{ text?: string }> }).content ?? []).map((c) => c.text ?? '').join('');

let client: Client;
beforeAll(async () => {
  if (!existsSync(DIST_ENTRY)) throw new Error(`${DIST_ENTRY} is missing: build first (npx tsc -p tsconfig.core.json)`);
  client = new Client({ name: 'demo-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [DIST_ENTRY], stderr: 'pipe' }));
});
afterAll(async () => {
  await client?.close();
});

describe('the demo server from dist/', () => {
  test('lists the real Odoo tool catalog, each name once', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(UNIQUE_NAMES);
    expect(tools).toHaveLength(126);
    const pipeline = tools.find((t) => t.name === 'ai_pipeline_run')!;
    expect(pipeline.inputSchema.required).toEqual(['pipeline', 'source_model', 'source_id']);
    expect(client.getInstructions()).toMatch(/nothing you call changes anything/);
  });

  test('reads answer with plausible JSON that follows the arguments', async () => {
    const partners = JSON.parse(textOf(await client.callTool({ name: 'odoo_search_read', arguments: { model: 'res.partner', fields: ['name'], limit: 2 } })));
    expect(partners).toEqual([{ id: 7, name: 'Azure Interior' }, { id: 8, name: 'Deco Addict' }]);
    const count = JSON.parse(textOf(await client.callTool({ name: 'odoo_search_count', arguments: { model: 'sale.order' } })));
    expect(count).toBe(3);
    const version = JSON.parse(textOf(await client.callTool({ name: 'odoo_version', arguments: {} })));
    expect(version.server_version).toBe('17.0');
  });

  test('writes change nothing and say so; an unknown tool is an error', async () => {
    const created = await client.callTool({ name: 'odoo_create', arguments: { model: 'res.partner', values: { name: 'Ada' } } });
    expect(created.isError).toBeFalsy();
    expect(textOf(created)).toMatch(/^demo: nothing was changed/);
    const unknown = await client.callTool({ name: 'odoo_drop_database', arguments: {} });
    expect(unknown.isError).toBe(true);
  });
});
