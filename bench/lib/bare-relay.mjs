// Path 4b: a bare relay. node:http in front of the stdio server, doing only what any gateway
// must: parse the request, give it an id of its own, write it to the child, parse the answer,
// put the client's id back and send it as JSON. No sessions, auth, policy or log. With a
// client, a front end and an upstream all waking in turn, it is the floor a gateway with a
// stdio upstream can reach on this machine (bare HTTP + direct stdio undercounts it: the
// longer each process sleeps between wakes, the more each wake costs on a VM).
// Run as its own process: `node bench/lib/bare-relay.mjs <command> [args…]` prints `listening <port>`.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { listenBare } from './bare-http.mjs';

const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
const waiting = new Map(); // relay id → { res, id } (or a function, for the handshake)
let nextId = 1;
let pending = '';

child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk) => {
  pending += chunk;
  let newline;
  while ((newline = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, newline);
    pending = pending.slice(newline + 1);
    if (line.trim() === '') continue;
    const message = JSON.parse(line);
    const entry = message.id === undefined ? undefined : waiting.get(message.id);
    if (!entry) continue; // notifications: the bench does not need them
    waiting.delete(message.id);
    if (typeof entry === 'function') {
      entry(message);
      continue;
    }
    message.id = entry.id;
    const body = JSON.stringify(message);
    entry.res.writeHead(200, ['content-type', 'application/json', 'content-length', String(Buffer.byteLength(body)), 'mcp-session-id', entry.session]);
    entry.res.end(body);
  }
});

function toChild(message) {
  child.stdin.write(`${JSON.stringify(message)}\n`);
}

// The relay's own handshake with the child, once; clients' initialize is answered from it.
const initialized = await new Promise((resolve) => {
  const id = nextId++;
  waiting.set(id, resolve);
  toChild({ jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bare-relay', version: '1' } } });
});
toChild({ jsonrpc: '2.0', method: 'notifications/initialized' });

listenBare((message, req, res) => {
  if (message.method === 'initialize') {
    const answer = JSON.stringify({ jsonrpc: '2.0', id: message.id, result: initialized.result });
    return res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': randomUUID() }).end(answer);
  }
  const id = nextId++;
  waiting.set(id, { res, id: message.id, session: req.headers['mcp-session-id'] ?? '' });
  message.id = id;
  toChild(message);
});
const stop = () => {
  child.kill();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
