// A real MCP server (the SDK's McpServer over Streamable HTTP) inside the test process, on a
// free port: the session tests reach a real upstream without spawning one. Each upstream
// session gets its own McpServer; `serverName` tells them apart.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CreateMessageResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ServerConfig } from '../../../shared/config.js';

export interface HttpUpstream {
  config: ServerConfig;
  /** Upstream sessions opened so far. */
  sessions(): number;
  close(): Promise<void>;
}

export interface HttpUpstreamOptions {
  instructions?: string;
  /** Adds prompts and resources to what the server offers. */
  withPromptsAndResources?: boolean;
}

function buildServer(name: string, options: HttpUpstreamOptions): McpServer {
  const server = new McpServer({ name, version: '1.0.0' }, { capabilities: { logging: {} }, ...(options.instructions ? { instructions: options.instructions } : {}) });
  server.registerTool('echo', { description: 'Echo the text back', inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: 'text', text: `${name}: ${text}` }] }));
  server.registerTool('secret', { description: 'A tool a policy may hide', inputSchema: {} }, async () => ({ content: [{ type: 'text', text: 'hidden value' }] }));
  server.registerTool('slow', { description: 'Reports progress, then answers after ms', inputSchema: { ms: z.number() } }, async ({ ms }, extra) => {
    const token = extra._meta?.progressToken;
    if (token !== undefined) await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: 1, total: 2 } });
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { content: [{ type: 'text', text: 'done' }] };
  });
  server.registerTool('ask', { description: 'Asks the client to sample, returns its text', inputSchema: {} }, async (_args, extra) => {
    const answer = await extra.sendRequest({ method: 'sampling/createMessage', params: { messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }], maxTokens: 5 } }, CreateMessageResultSchema);
    return { content: [{ type: 'text', text: answer.content.type === 'text' ? answer.content.text : '?' }] };
  });
  server.registerTool('log', { description: 'Sends a log message, then answers', inputSchema: {} }, async (_args, extra) => {
    await extra.sendNotification({ method: 'notifications/message', params: { level: 'info', data: `from ${name}` } });
    return { content: [{ type: 'text', text: 'logged' }] };
  });
  if (options.withPromptsAndResources) {
    server.registerPrompt('greet', { description: 'A greeting', argsSchema: { who: z.string() } }, ({ who }) => ({ messages: [{ role: 'user', content: { type: 'text', text: `${name} greets ${who}` } }] }));
    server.registerResource('notes', `memo://${name}/notes`, { description: 'Notes' }, async (uri) => ({ contents: [{ uri: uri.href, text: `${name} notes` }] }));
  }
  return server;
}

export async function startHttpUpstream(id: string, options: HttpUpstreamOptions = {}): Promise<HttpUpstream> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  let opened = 0;
  const http: Server = createServer((req, res) => {
    void (async () => {
      const sessionId = req.headers['mcp-session-id'];
      let transport = typeof sessionId === 'string' ? transports.get(sessionId) : undefined;
      if (!transport) {
        if (req.method !== 'POST' || sessionId !== undefined) return void res.writeHead(404).end();
        const created = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (sid) => void transports.set(sid, created) });
        opened++;
        await buildServer(id, options).connect(created);
        transport = created;
      }
      await transport.handleRequest(req, res);
    })().catch(() => res.headersSent || res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
  return {
    config: { id, upstream: { transport: 'http', url, headers: {} }, addedAt: '2026-01-01T00:00:00.000Z' },
    sessions: () => opened,
    async close() {
      await Promise.all([...transports.values()].map((t) => t.close().catch(() => undefined)));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
