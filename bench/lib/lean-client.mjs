// A lean MCP client over Streamable HTTP for load tests: keep-alive node:http and just
// enough protocol (initialize, initialized, tools/call), reading SSE or JSON responses.
// The SDK Client costs ~0.7 ms a call by itself and would hide the server's cost.
import http from 'node:http';
import { INITIALIZE_PARAMS, LeanProtocolClient, PROTOCOL_VERSION } from './lean-protocol.mjs';
import { createParser } from 'eventsource-parser';

export class LeanClient extends LeanProtocolClient {
  constructor(url, headers = {}, { timeoutMs = 15_000 } = {}) {
    super();
    this.url = new URL(url);
    this.headers = headers;
    this.timeoutMs = timeoutMs;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    this.nextId = 1;
    this.sessionId = undefined;
    this.protocolVersion = PROTOCOL_VERSION;
  }

  async connect() {
    const init = await this.post({ jsonrpc: '2.0', id: this.nextId++, method: 'initialize', params: INITIALIZE_PARAMS });
    if (init.body.error) throw new Error(JSON.stringify(init.body.error));
    this.sessionId = init.sessionId;
    await this.post({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return init.body.result;
  }

  async request(method, params) {
    const { body } = await this.post({ jsonrpc: '2.0', id: this.nextId++, method, params });
    if (body.error) throw new Error(JSON.stringify(body.error));
    return body.result;
  }

  post(message) {
    const payload = JSON.stringify(message);
    const headers = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'content-length': Buffer.byteLength(payload),
      'mcp-protocol-version': this.protocolVersion,
      ...this.headers,
    };
    if (this.sessionId) headers['mcp-session-id'] = this.sessionId;
    return new Promise((resolve, reject) => {
      const req = http.request(this.url, { method: 'POST', headers, agent: this.agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          const sessionId = res.headers['mcp-session-id'];
          // Notifications: 202 by the spec, though some servers answer 200 with an empty body.
          if (res.statusCode === 202 || (message.id === undefined && res.statusCode === 200)) return resolve({ sessionId, body: {} });
          if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
          const type = res.headers['content-type'] ?? '';
          try {
            resolve({ sessionId, body: type.includes('text/event-stream') ? lastSseMessage(text, message.id) : JSON.parse(text) });
          } catch (error) {
            reject(error);
          }
        });
      });
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  async close() {
    if (this.sessionId) {
      await new Promise((resolve) => {
        const req = http.request(this.url, { method: 'DELETE', headers: { ...this.headers, 'mcp-session-id': this.sessionId, 'mcp-protocol-version': this.protocolVersion }, agent: this.agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.setTimeout(this.timeoutMs, () => req.destroy());
        req.on('error', resolve);
        req.end();
      });
    }
    this.agent.destroy();
  }
}

/** The response with this id among the SSE events of a POST's answer (framed by eventsource-parser, as the CLI does). */
function lastSseMessage(text, id) {
  let found;
  const parser = createParser({
    onEvent: (event) => {
      if (!event.data) return;
      const parsed = JSON.parse(event.data);
      if (parsed.id === id) found = parsed;
    },
  });
  parser.feed(text.endsWith('\n\n') ? text : `${text}\n\n`);
  if (!found) throw new Error('no response in SSE stream');
  return found;
}
