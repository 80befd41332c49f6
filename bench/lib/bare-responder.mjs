// Path 4: a bare node:http responder with nothing behind it. It answers initialize,
// tools/list and tools/call at once with a one-event SSE stream, 202 to notifications,
// 200 to DELETE, 405 to GET: the limit of any HTTP front end on this machine.
// Run as its own process: `node bench/lib/bare-responder.mjs` prints `listening <port>`.
import { randomUUID } from 'node:crypto';
import { listenBare } from './bare-http.mjs';

const ECHO_TOOL = {
  name: 'echo',
  description: 'Echoes back the input',
  inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
};

function answer(message) {
  switch (message.method) {
    case 'initialize':
      return { protocolVersion: message.params?.protocolVersion ?? '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'bare-responder', version: '1' } };
    case 'tools/list':
      return { tools: [ECHO_TOOL] };
    case 'tools/call':
      return { content: [{ type: 'text', text: `Echo: ${message.params?.arguments?.message}` }] };
    default:
      return {};
  }
}

listenBare((message, req, res) => {
  const headers = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
  headers['mcp-session-id'] = message.method === 'initialize' ? randomUUID() : req.headers['mcp-session-id'] ?? '';
  res.writeHead(200, headers);
  res.end(`event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: message.id, result: answer(message) })}\n\n`);
});
process.on('SIGTERM', () => process.exit(0));
