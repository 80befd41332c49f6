// The demo's tool catalog: the real tool definitions of the Odoo Claude MCP servers (public
// repository rosenvladimirov/odoo-claude-mcp, AGPL-3.0, used as demo data; see the `_source`
// note in odoo-tools.json). tsc does not copy JSON into dist/, so the file is read from the
// source tree: beside this module when run from source, ../../../../electron/gateway/demo/
// from dist/electron/gateway/demo/. Packaging must ship electron/gateway/demo/odoo-tools.json.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface DemoTool {
  name: string;
  description: string;
  inputSchema: { type: 'object'; [key: string]: unknown };
}

export function demoToolsFile(): string {
  const candidates = [new URL('./odoo-tools.json', import.meta.url), new URL('../../../../electron/gateway/demo/odoo-tools.json', import.meta.url)].map((url) => fileURLToPath(url));
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`the demo tool catalog is missing (looked for ${candidates.join(' and ')})`);
  return found;
}

/** The catalog spans several Odoo MCP servers and a few names repeat: each name is listed once, first definition wins. */
export function loadDemoTools(file = demoToolsFile()): DemoTool[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { tools: Array<DemoTool & { server?: string }> };
  const byName = new Map<string, DemoTool>();
  for (const { name, description, inputSchema } of doc.tools) if (!byName.has(name)) byName.set(name, { name, description, inputSchema });
  return [...byName.values()];
}
