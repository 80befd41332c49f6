// A server-side Streamable HTTP transport on plain node:http.
//
// Does what the SDK's StreamableHTTPServerTransport does for one session, without its
// conversion of every request and response into web streams (@hono/node-server), which
// cost more than the whole rest of the gateway on the hot path. Spec points kept:
// POST with one message or a batch (202 for notifications/responses only; otherwise the
// answers on an SSE stream, or as plain JSON when the response is the first and only thing
// to send); server-to-client messages on the stream of the request they relate to, else on
// the GET stream; one GET stream per session (409 for a second); DELETE ends the session;
// 400 for a missing session id, 404 for a wrong one; 406/415 for wrong Accept/Content-Type;
// 400 for an unsupported MCP-Protocol-Version. No resumability (no event store is offered).
//
// A client that stops reading an SSE stream would otherwise have everything sent to it
// buffered here without end (a notification flood grew the gateway by a gigabyte): once a
// stream holds more than maxBufferedBytes unread, it is cut and the session closed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import { SUPPORTED_PROTOCOL_VERSIONS, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import { DEFAULT_SETTINGS } from '../../../shared/config.js';
import { DeadlineTimer } from '../util/deadline-timer.js';
import { RequestTable } from '../util/request-table.js';

export interface LeanTransportOptions {
  sessionIdGenerator: () => string;
  onsessioninitialized?: (sessionId: string) => void;
  onsessionclosed?: (sessionId: string) => void;
  /** A request stream with nothing to say for this long starts SSE and sends a comment. */
  keepAliveMs?: number;
  /** Runs just before each answer is written (the call log's records go to disk first). */
  beforeAnswer?: () => void;
}

const MAX_BATCH = 100;
/** Bytes a stream may hold for a client that does not read (the endpoint sets the maxStreamBufferBytes setting). */
export const DEFAULT_MAX_BUFFERED_BYTES = DEFAULT_SETTINGS.maxStreamBufferBytes;

/** What was cut when a client stopped reading: which stream, and what it held unread. */
export interface StreamOverflow {
  stream: 'get' | 'request';
  bufferedBytes: number;
  limit: number;
}
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' };

/** One POST's response: the answers to its requests, as SSE or (one request, nothing else) JSON. */
interface RequestStream {
  res: ServerResponse;
  pending: Set<RequestId>;
  mode: 'undecided' | 'sse' | 'done';
  /** performance.now() when the request came: an undecided stream turns to SSE keepAliveMs later. */
  opened: number;
  /** The SSE keep-alive comments, once the stream is SSE. */
  keepAlive?: NodeJS.Timeout;
}

type Message = JSONRPCMessage & { id?: RequestId; method?: string; result?: unknown; error?: unknown };

/** Shaped like the SDK's Transport, except that send() says how many bytes a message went out as. */
export class LeanHttpTransport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  sessionId?: string;
  /** A stream holding more than this many bytes unread is cut and the session closed. */
  maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
  /** Told when a stream was cut for holding too much unread (before the session closes). */
  onoverflow?: (overflow: StreamOverflow) => void;

  /** A stream per request id in flight (a RequestTable, not a plain Map: see request-table.ts). */
  private readonly streams = new RequestTable<RequestStream>();
  private standalone?: ServerResponse;
  private closed = false;
  /** Set once a stream overflowed: nothing more is written while the session closes. */
  private cut = false;
  /** Turns a lone request's stream to SSE once it has waited keepAliveMs: one timer for all of them. */
  private readonly undecided = new DeadlineTimer((now) => this.startOverdueSse(now));

  constructor(private readonly options: LeanTransportOptions) {}

  async start(): Promise<void> {}

  /** Client requests still waiting for their answer: a session working on one is not idle. */
  get requestsInFlight(): number {
    return this.streams.size;
  }

  async handleRequest(req: IncomingMessage, res: ServerResponse, body?: unknown): Promise<void> {
    if (req.method === 'POST') return this.handlePost(req, res, body);
    if (req.method === 'GET') return this.handleGet(req, res);
    if (req.method === 'DELETE') return this.handleDelete(req, res);
    reply(res, 405, -32000, 'Method not allowed.', { allow: 'GET, POST, DELETE' });
  }

  private handlePost(req: IncomingMessage, res: ServerResponse, body: unknown): void {
    const accept = req.headers.accept ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      return reply(res, 406, -32000, 'Not Acceptable: Client must accept both application/json and text/event-stream');
    }
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      return reply(res, 415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
    }
    if (Array.isArray(body) && body.length > MAX_BATCH) return reply(res, 400, -32600, `Invalid Request: Batch must not exceed ${MAX_BATCH} messages`);
    const messages = (Array.isArray(body) ? body : [body]) as Message[];
    if (messages.length === 0 || !messages.every(isJsonRpcMessage)) return reply(res, 400, -32700, 'Parse error: Invalid JSON-RPC message');
    if (this.closed) return reply(res, 404, -32001, 'Session not found');

    const initialize = messages.some((m) => m.method === 'initialize' && m.id !== undefined);
    if (initialize) {
      if (this.sessionId !== undefined) return reply(res, 400, -32600, 'Invalid Request: Server already initialized');
      if (messages.length > 1) return reply(res, 400, -32600, 'Invalid Request: Only one initialization request is allowed');
      this.sessionId = this.options.sessionIdGenerator();
      this.options.onsessioninitialized?.(this.sessionId);
    } else if (!this.checkSession(req, res) || !checkProtocolVersion(req, res)) {
      return;
    }

    const requests = messages.filter((m) => m.method !== undefined && m.id !== undefined);
    if (requests.length === 0) {
      res.writeHead(202).end();
      for (const message of messages) this.onmessage?.(message);
      return;
    }

    // Ids must be unique among a session's requests in flight: a reused one could never get its answer.
    const ids = requests.map((m) => m.id as RequestId);
    const reused = ids.find((id, i) => this.streams.has(id) || ids.indexOf(id) !== i);
    if (reused !== undefined) return reply(res, 400, -32600, `Invalid Request: request id ${JSON.stringify(reused)} is already in use in this session`);
    const stream: RequestStream = { res, pending: new Set(ids), mode: 'undecided', opened: performance.now(), keepAlive: undefined };
    // A batch goes out as SSE from the start; a lone request may end up as plain JSON, unless it waits long.
    if (requests.length > 1) this.startSse(stream);
    else this.undecided.watch(stream.opened + this.keepAliveMs);
    for (const id of stream.pending) this.streams.set(id, stream);
    res.once('close', () => this.onStreamClosed(stream));
    for (const message of messages) this.onmessage?.(message);
  }

  private handleGet(req: IncomingMessage, res: ServerResponse): void {
    if (!(req.headers.accept ?? '').includes('text/event-stream')) return reply(res, 406, -32000, 'Not Acceptable: Client must accept text/event-stream');
    if (!this.checkSession(req, res) || !checkProtocolVersion(req, res)) return;
    if (this.standalone) return reply(res, 409, -32000, 'Conflict: Only one SSE stream is allowed per session');
    res.writeHead(200, { ...SSE_HEADERS, 'mcp-session-id': this.sessionId ?? '' });
    res.flushHeaders();
    this.standalone = res;
    res.once('close', () => {
      if (this.standalone === res) this.standalone = undefined;
    });
  }

  private handleDelete(req: IncomingMessage, res: ServerResponse): void {
    if (!this.checkSession(req, res) || !checkProtocolVersion(req, res)) return;
    if (this.sessionId) this.options.onsessionclosed?.(this.sessionId);
    res.writeHead(200).end();
    void this.close();
  }

  private checkSession(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.sessionId === undefined) {
      reply(res, 400, -32000, 'Bad Request: Server not initialized');
      return false;
    }
    const presented = req.headers['mcp-session-id'];
    if (!presented) {
      reply(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
      return false;
    }
    if (presented !== this.sessionId) {
      reply(res, 404, -32001, 'Session not found');
      return false;
    }
    return true;
  }

  /** Resolves with the bytes of JSON the message went out as (0 when there was nowhere to send it). */
  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<number> {
    const m = message as Message;
    const isResponse = m.method === undefined && m.id !== undefined;
    const requestId = isResponse ? m.id : options?.relatedRequestId;
    if (requestId === undefined) {
      if (isResponse) throw new Error('Cannot send a response on a standalone SSE stream');
      // No GET stream open: a server-initiated message has nowhere to go.
      return this.standalone ? this.writeEventTo(this.standalone, message, 'get') : 0;
    }
    const stream = this.streams.get(requestId);
    if (!stream || stream.mode === 'done') throw new Error(`No connection established for request ID: ${String(requestId)}`);
    if (!isResponse) {
      this.startSse(stream);
      return this.writeEventTo(stream.res, message, 'request');
    }
    this.options.beforeAnswer?.();
    stream.pending.delete(requestId);
    this.streams.delete(requestId);
    const last = stream.pending.size === 0;
    if (stream.mode === 'undecided' && last) {
      stream.mode = 'done';
      const body = JSON.stringify(message);
      // With a length the answer goes out in one write (chunked encoding takes a second one);
      // headers as a flat list skip building and walking an object on every answer.
      const bytes = Buffer.byteLength(body);
      stream.res.writeHead(200, ['content-type', 'application/json', 'content-length', String(bytes), 'mcp-session-id', this.sessionId ?? '']);
      stream.res.end(body);
      return bytes;
    }
    this.startSse(stream);
    const bytes = this.writeEventTo(stream.res, message, 'request');
    if (last) this.endStream(stream);
    return bytes;
  }

  /** Writes one SSE event, unless the stream still holds more than the limit unread: then it is cut. */
  private writeEventTo(res: ServerResponse, message: JSONRPCMessage, stream: StreamOverflow['stream']): number {
    if (this.cut) return 0;
    // writableLength counts what node holds for this response and its socket (beyond the kernel's buffer).
    const buffered = res.writableLength;
    if (buffered <= this.maxBufferedBytes) return writeEvent(res, message);
    this.overflow(res, { stream, bufferedBytes: buffered, limit: this.maxBufferedBytes });
    return 0;
  }

  /** Drops the stream's buffer (destroying it frees it at once) and ends the session as a DELETE would. */
  private overflow(res: ServerResponse, overflow: StreamOverflow): void {
    this.cut = true;
    res.destroy();
    this.onoverflow?.(overflow);
    if (this.sessionId !== undefined && this.options.onsessionclosed) this.options.onsessionclosed(this.sessionId);
    else void this.close();
  }

  private get keepAliveMs(): number {
    return this.options.keepAliveMs ?? 15_000;
  }

  /** Turns the undecided streams that have waited keepAliveMs to SSE; returns the next one's turn. */
  private startOverdueSse(now: number): number {
    let next = Infinity;
    for (const stream of this.streams.values()) {
      if (stream.mode !== 'undecided') continue;
      const due = stream.opened + this.keepAliveMs;
      if (due <= now) this.startSse(stream);
      else next = Math.min(next, due);
    }
    return next;
  }

  private startSse(stream: RequestStream): void {
    if (stream.mode !== 'undecided') return;
    stream.mode = 'sse';
    stream.res.writeHead(200, { ...SSE_HEADERS, ...(this.sessionId ? { 'mcp-session-id': this.sessionId } : {}) });
    stream.keepAlive = setInterval(() => stream.res.write(': keepalive\n\n'), this.keepAliveMs);
    stream.keepAlive.unref();
  }

  private endStream(stream: RequestStream): void {
    clearInterval(stream.keepAlive);
    if (stream.mode !== 'done') {
      stream.mode = 'done';
      stream.res.end();
    }
  }

  /** The client went away mid-call: cancel what it was waiting for, as if it had sent notifications/cancelled. */
  private onStreamClosed(stream: RequestStream): void {
    clearInterval(stream.keepAlive);
    if (stream.mode === 'done') return;
    stream.mode = 'done';
    for (const id of stream.pending) {
      this.streams.delete(id);
      this.onmessage?.({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: 'the client disconnected' } });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.undecided.stop();
    for (const stream of new Set(this.streams.values())) this.endStream(stream);
    this.streams.clear();
    this.standalone?.end();
    this.standalone = undefined;
    this.onclose?.();
  }
}

function isJsonRpcMessage(value: unknown): value is Message {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const m = value as Record<string, unknown>;
  if (m.jsonrpc !== '2.0') return false;
  const hasId = typeof m.id === 'string' || (typeof m.id === 'number' && Number.isFinite(m.id));
  if (typeof m.method === 'string') {
    return (m.id === undefined || hasId) && (m.params === undefined || (typeof m.params === 'object' && m.params !== null));
  }
  return hasId && ('result' in m || (typeof m.error === 'object' && m.error !== null));
}

function checkProtocolVersion(req: IncomingMessage, res: ServerResponse): boolean {
  const version = req.headers['mcp-protocol-version'];
  if (version === undefined || SUPPORTED_PROTOCOL_VERSIONS.includes(String(version))) return true;
  reply(res, 400, -32000, `Bad Request: Unsupported protocol version: ${String(version)} (supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`);
  return false;
}

function writeEvent(res: ServerResponse, message: JSONRPCMessage): number {
  const data = JSON.stringify(message);
  res.write(`event: message\ndata: ${data}\n\n`);
  return Buffer.byteLength(data);
}

function reply(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
