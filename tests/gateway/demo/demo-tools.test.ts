// The demo's tool catalog: the real Odoo MCP definitions, each name once (first wins), read
// from the source tree whether run from source or from dist/.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoToolsFile, loadDemoTools } from '../../../electron/gateway/demo/demo-tools.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const FIXTURE = JSON.parse(readFileSync(path.resolve('tests/fixtures/odoo-claude-mcp-tools.json'), 'utf8')) as Array<{ name: string }>;
const UNIQUE_NAMES = [...new Set(FIXTURE.map((t) => t.name))];
const tmp = useTempDir('portcullis-demo-tools-');

describe('demo tools', () => {
  it('finds odoo-tools.json beside the module in the source tree', () => {
    expect(demoToolsFile()).toBe(path.resolve('electron/gateway/demo/odoo-tools.json'));
  });

  it('loadDemoTools from the source tree matches the fixture', () => {
    expect(loadDemoTools().map((t) => t.name)).toEqual(UNIQUE_NAMES);
  });

  it('keeps the first definition of a repeated name and only name, description and schema', () => {
    const file = path.join(tmp.path, 'tools.json');
    writeFileSync(file, JSON.stringify({ tools: [
      { name: 'a', description: 'first', inputSchema: { type: 'object' }, server: 'one' },
      { name: 'b', description: 'b', inputSchema: { type: 'object' } },
      { name: 'a', description: 'second', inputSchema: { type: 'object' }, server: 'two' },
    ] }));
    expect(loadDemoTools(file)).toEqual([
      { name: 'a', description: 'first', inputSchema: { type: 'object' } },
      { name: 'b', description: 'b', inputSchema: { type: 'object' } },
    ]);
  });
});
