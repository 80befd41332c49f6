// A session's connection to its downstream client: a JsonRpcPeer on the transport the HTTP
// endpoint hands in (the lean Streamable HTTP transport). It answers initialize and ping itself and hands every other request, raw, to
// the session. Server-to-client traffic rides on the stream of a request in flight when
// there is one: the client may have no GET stream open.
import {
  InitializeRequestSchema,
  LATEST_PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
  type ClientCapabilities,
  type Implementation,
  type JSONRPCRequest,
  type Notification,
  type ServerCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import type { ClientTransport, OpenClientTransport } from './client-transport.js';
import { JsonRpcPeer, type IncomingContext } from './json-rpc-peer.js';
import { DownstreamError, ErrorCodes } from '../util/json-rpc-error.js';

export type DownstreamExtra = IncomingContext;

/** Server-to-client requests wait on a person (sampling, elicitation): the upstream decides when to give up. */
const SERVER_TO_CLIENT_TIMEOUT_MS = 60 * 60 * 1000;
const INVALID_PARAMS = -32602;

export interface DownstreamChannelOptions {
  serverInfo: Implementation;
  capabilities: ServerCapabilities;
  instructions?: string;
  openTransport: OpenClientTransport;
  onRequest(request: JSONRPCRequest, extra: DownstreamExtra): Promise<Record<string, unknown>>;
  onNotification(notification: Notification): Promise<void>;
  onInitialized(): void;
  onClosed(): void;
}

export class DownstreamChannel {
  readonly transport: ClientTransport;
  lastActivity = Date.now();
  private readonly peer: JsonRpcPeer;
  /** What the client declared at initialize. */
  private clientCapabilities?: ClientCapabilities;

  constructor(private readonly options: DownstreamChannelOptions) {
    this.transport = options.openTransport({
      onInitialized: () => options.onInitialized(),
      onClosed: () => options.onClosed(),
    });
    this.peer = new JsonRpcPeer({
      send: (message, relatedRequestId) => this.transport.send(message, relatedRequestId === undefined ? undefined : { relatedRequestId }),
      onRequest: (request, extra) => this.serve(request, extra),
      onNotification: (notification) => {
        // notifications/initialized answers our initialize; the upstream had its own from us.
        if (notification.method === 'notifications/initialized') return;
        options.onNotification(notification).catch(() => undefined);
      },
    });
    this.transport.onmessage = (message) => void this.peer.handle(message);
    this.transport.onclose = () => this.peer.close(() => new DownstreamError(ErrorCodes.connectionClosed, 'the client session ended'));
  }

  get sessionId(): string | undefined {
    return this.transport.sessionId;
  }

  private async serve(request: JSONRPCRequest, extra: DownstreamExtra): Promise<Record<string, unknown>> {
    this.lastActivity = Date.now();
    if (request.method === 'initialize') return this.initialize(request);
    if (request.method === 'ping') return {};
    return this.options.onRequest(request, extra);
  }

  private initialize(request: JSONRPCRequest): Record<string, unknown> {
    const parsed = InitializeRequestSchema.safeParse(request);
    if (!parsed.success) {
      throw new DownstreamError(INVALID_PARAMS, `Invalid initialize request: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ')}`);
    }
    const requested = parsed.data.params.protocolVersion;
    this.clientCapabilities = parsed.data.params.capabilities;
    const { serverInfo, capabilities, instructions } = this.options;
    return {
      protocolVersion: SUPPORTED_PROTOCOL_VERSIONS.includes(requested) ? requested : LATEST_PROTOCOL_VERSION,
      capabilities,
      serverInfo,
      ...(instructions ? { instructions } : {}),
    };
  }

  /** A request from an upstream server, for the client. */
  request(request: JSONRPCRequest, signal: AbortSignal): Promise<Record<string, unknown>> {
    return this.peer.request(request.method, request.params, {
      cancel: signal,
      timeoutMs: SERVER_TO_CLIENT_TIMEOUT_MS,
      onTimeout: () => new DownstreamError(ErrorCodes.requestTimeout, `the client did not answer ${request.method} in time`),
      relatedRequestId: this.peer.newestIncoming(),
    });
  }

  /**
   * Portcullis's own question to the client's user (elicitation/create), sent on the stream of
   * the request in `extra`; undefined when the client did not declare the elicitation capability.
   */
  elicitor(extra: DownstreamExtra): ((params: Record<string, unknown>, signal: AbortSignal) => Promise<Record<string, unknown>>) | undefined {
    if (!this.clientCapabilities?.elicitation) return undefined;
    return (params, signal) =>
      this.peer.request('elicitation/create', params, {
        cancel: signal,
        timeoutMs: SERVER_TO_CLIENT_TIMEOUT_MS,
        onTimeout: () => new DownstreamError(ErrorCodes.requestTimeout, 'the client did not answer elicitation/create in time'),
        relatedRequestId: extra.requestId,
      });
  }

  async notify(notification: Notification): Promise<void> {
    try {
      await this.peer.notify(notification, this.peer.newestIncoming());
    } catch {
      // The client has no open stream to receive it on; a direct connection would lose it too.
    }
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}

/** Relays progress from upstream to the downstream request that asked, under the client's own token. */
export function progressSink(request: JSONRPCRequest, extra: DownstreamExtra): ((progress: object) => void) | undefined {
  const token = request.params?._meta?.progressToken;
  if (token === undefined) return undefined;
  return (progress) => void extra.sendNotification({ method: 'notifications/progress', params: { ...progress, progressToken: token } as never }).catch(() => undefined);
}
