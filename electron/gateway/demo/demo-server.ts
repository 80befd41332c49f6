// The bundled demo MCP server (stdio): lists the real Odoo tool catalog and answers every
// call with a harmless canned result. Run it as `node dist/electron/gateway/demo/demo-server.js`;
// installDemo registers it as the server `demo-odoo`.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { cannedResult } from './canned-results.js';
import { loadDemoTools } from './demo-tools.js';

const tools = loadDemoTools();
const names = new Set(tools.map((t) => t.name));
const server = new Server(
  { name: 'portcullis-demo-odoo', version: '1.0.0' },
  {
    capabilities: { tools: {} },
    instructions: 'Portcullis demo server: the real Odoo MCP tool catalog with canned answers. It is connected to no Odoo, and nothing you call changes anything.',
  },
);

server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
server.setRequestHandler(CallToolRequestSchema, (request): CallToolResult => {
  const { name, arguments: args = {} } = request.params;
  if (!names.has(name)) return { content: [{ type: 'text', text: `demo: there is no tool named '${name}'` }], isError: true };
  return cannedResult(name, args);
});

await server.connect(new StdioServerTransport());
