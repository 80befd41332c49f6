// The client side of Streamable HTTP for `portcullis connect`, on node:http with keep-alive.
//
// The SDK's StreamableHTTPClientTransport goes through fetch and web streams, which cost
// the bridge more than a whole call through the gateway. The bridge only relays messages,
// so this does just the transport: POST each message (answers come back as JSON or as an
// SSE stream), keep the session id and protocol version headers, listen on the GET stream
// once the session is initialized (reopening it if it drops), DELETE at the end.
import http from 'node:http';
import https from 'node:https';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { SseParser } from '../server-sent-events.js';

const GET_STREAM_RETRIES = 3;
const GET_STREAM_RETRY_MS = 1000;

export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export class LeanHttpClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  sessionId?: string;

  private protocolVersion?: string;
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;
  private getStream?: http.ClientRequest;
  private closed = false;

  constructor(private readonly url: URL, private readonly headers: Record<string, string> = {}) {
    const secure = url.protocol === 'https:';
    this.agent = new (secure ? https.Agent : http.Agent)({ keepAlive: true });
    this.request = secure ? https.request : http.request;
  }

  async start(): Promise<void> {}

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  /** Resolves once the gateway has taken the message; what it answers arrives through onmessage. */
  send(message: JSONRPCMessage): Promise<void> {
    const body = JSON.stringify(message);
    return new Promise((resolve, reject) => {
      const req = this.request(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: { ...this.commonHeaders(), 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'content-length': Buffer.byteLength(body) },
      });
      req.once('error', reject);
      req.once('response', (res) => {
        const session = res.headers['mcp-session-id'];
        if (typeof session === 'string' && session) this.sessionId = session;
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          readText(res).then((text) => reject(new HttpStatusError(status, `HTTP ${status} from the gateway: ${text.slice(0, 500)}`)), reject);
          return;
        }
        const type = (res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (status === 202 || !('id' in message && 'method' in message)) {
          res.resume();
          resolve();
          if ((message as { method?: string }).method === 'notifications/initialized') this.openGetStream(0);
          return;
        }
        if (type === 'text/event-stream') {
          resolve(); // the answers follow on the stream
          this.readEvents(res);
          return;
        }
        if (type === 'application/json') {
          readText(res).then((text) => {
            try {
              const parsed = JSON.parse(text) as JSONRPCMessage | JSONRPCMessage[];
              for (const m of Array.isArray(parsed) ? parsed : [parsed]) this.onmessage?.(m);
              resolve();
            } catch (error) {
              reject(new Error(`the gateway sent JSON that does not parse: ${(error as Error).message}`));
            }
          }, reject);
          return;
        }
        res.resume();
        reject(new Error(`the gateway answered with an unexpected content type '${type}'`));
      });
      req.end(body);
    });
  }

  /** Ends the session on the gateway (DELETE); a gateway already gone is fine. */
  async terminateSession(): Promise<void> {
    if (!this.sessionId) return;
    await new Promise<void>((resolve) => {
      const req = this.request(this.url, { method: 'DELETE', agent: this.agent, headers: this.commonHeaders() }, (res) => {
        res.resume();
        res.once('end', resolve);
      });
      req.once('error', () => resolve());
      req.end();
    });
    this.sessionId = undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.getStream?.destroy();
    this.agent.destroy();
    this.onclose?.();
  }

  private commonHeaders(): Record<string, string> {
    return {
      ...this.headers,
      ...(this.sessionId ? { 'mcp-session-id': this.sessionId } : {}),
      ...(this.protocolVersion ? { 'mcp-protocol-version': this.protocolVersion } : {}),
    };
  }

  /** Server-initiated messages with no request to ride on (list_changed, resource updates) come here. */
  private openGetStream(attempt: number): void {
    if (this.closed || !this.sessionId) return;
    const req = this.request(this.url, { method: 'GET', agent: this.agent, headers: { ...this.commonHeaders(), accept: 'text/event-stream' } });
    this.getStream = req;
    req.once('response', (res) => {
      if (res.statusCode === 405) return void res.resume(); // the server offers no GET stream
      if (res.statusCode !== 200) {
        res.resume();
        this.onerror?.(new Error(`the gateway refused the event stream (HTTP ${res.statusCode})`));
        return;
      }
      // Reopened however it ends (a clean end, a reset); one that delivered nothing counts as a failed try.
      this.readEvents(res, (delivered) => this.retryGetStream(delivered ? 0 : attempt + 1));
    });
    req.once('error', (error) => {
      if (this.closed) return;
      this.onerror?.(new Error(`the event stream from the gateway failed: ${error.message}`));
      this.retryGetStream(attempt + 1);
    });
    req.end();
  }

  private retryGetStream(attempt: number): void {
    if (this.closed || attempt >= GET_STREAM_RETRIES) return;
    setTimeout(() => this.openGetStream(attempt), GET_STREAM_RETRY_MS * 1.5 ** attempt).unref();
  }

  private readEvents(res: http.IncomingMessage, onClosed?: (delivered: boolean) => void): void {
    const parser = new SseParser();
    let delivered = false;
    res.setEncoding('utf8');
    res.on('data', (text: string) => {
      for (const event of parser.feed(text)) {
        if (event.event !== 'message' || event.data === '') continue;
        delivered = true;
        try {
          this.onmessage?.(JSON.parse(event.data) as JSONRPCMessage);
        } catch (error) {
          this.onerror?.(new Error(`the gateway sent an event that is not JSON: ${(error as Error).message}`));
        }
      }
    });
    res.once('close', () => onClosed?.(delivered));
    res.once('error', (error) => {
      if (!this.closed) this.onerror?.(error); // close() cuts the streams on purpose
    });
  }
}

function readText(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.once('end', () => resolve(text));
    res.once('error', reject);
  });
}
