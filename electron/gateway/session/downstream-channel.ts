// A session's connection to its downstream client: an SDK `Server` on the lean Streamable
// HTTP transport, with fallback handlers so raw requests and notifications pass unparsed
// (typed handlers would strip unknown fields). Server-to-client traffic rides on the
// stream of a request in flight when there is one: the client may have no GET stream open.
import { randomUUID } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra, RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  ResultSchema,
  type Implementation,
  type JSONRPCRequest,
  type Notification,
  type ServerCapabilities,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { LeanHttpTransport } from '../downstream/lean-http-transport.js';

export type DownstreamExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** Server-to-client requests wait on a person (sampling, elicitation): the upstream decides when to give up. */
const SERVER_TO_CLIENT_TIMEOUT_MS = 60 * 60 * 1000;

export interface DownstreamChannelOptions {
  serverInfo: Implementation;
  capabilities: ServerCapabilities;
  instructions?: string;
  onRequest(request: JSONRPCRequest, extra: DownstreamExtra): Promise<Record<string, unknown>>;
  onNotification(notification: Notification): Promise<void>;
  onInitialized(): void;
  onClosed(): void;
}

export class DownstreamChannel {
  readonly transport: LeanHttpTransport;
  lastActivity = Date.now();
  private readonly server: Server;
  /** Requests being served, newest last. */
  private readonly inFlight = new Map<string | number, DownstreamExtra>();

  constructor(options: DownstreamChannelOptions) {
    this.server = new Server(options.serverInfo, { capabilities: options.capabilities, instructions: options.instructions });
    // The Server answers logging/setLevel itself when logging is declared; the upstream must see it.
    this.server.removeRequestHandler('logging/setLevel');
    this.server.fallbackRequestHandler = async (request, extra) => {
      this.lastActivity = Date.now();
      this.inFlight.set(extra.requestId, extra);
      try {
        return await options.onRequest(request, extra);
      } finally {
        this.inFlight.delete(extra.requestId);
      }
    };
    this.server.fallbackNotificationHandler = (notification) => options.onNotification(notification);
    this.transport = new LeanHttpTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: () => options.onInitialized(),
      onsessionclosed: () => options.onClosed(),
    });
  }

  connect(): Promise<void> {
    return this.server.connect(this.transport);
  }

  get sessionId(): string | undefined {
    return this.transport.sessionId;
  }

  /** A request from an upstream server, for the client. */
  request(request: JSONRPCRequest, signal: AbortSignal): Promise<Record<string, unknown>> {
    const carrier = this.newestInFlight();
    const message = { method: request.method, params: request.params } as ServerRequest;
    const options: RequestOptions = { signal, timeout: SERVER_TO_CLIENT_TIMEOUT_MS };
    return carrier ? carrier.sendRequest(message, ResultSchema, options) : this.server.request(message, ResultSchema, options);
  }

  async notify(notification: Notification): Promise<void> {
    const carrier = this.newestInFlight();
    const message = notification as ServerNotification;
    try {
      if (carrier) await carrier.sendNotification(message);
      else await this.server.notification(message);
    } catch {
      // The client has no open stream to receive it on; a direct connection would lose it too.
    }
  }

  private newestInFlight(): DownstreamExtra | undefined {
    let newest: DownstreamExtra | undefined;
    for (const extra of this.inFlight.values()) if (!extra.signal.aborted) newest = extra;
    return newest;
  }

  async close(): Promise<void> {
    await this.server.close().catch(() => undefined);
  }
}

/** Relays progress from upstream to the downstream request that asked, under the client's own token. */
export function progressSink(request: JSONRPCRequest, extra: DownstreamExtra): ((progress: object) => void) | undefined {
  const token = request.params?._meta?.progressToken;
  if (token === undefined) return undefined;
  return (progress) => void extra.sendNotification({ method: 'notifications/progress', params: { ...progress, progressToken: token } as never }).catch(() => undefined);
}
