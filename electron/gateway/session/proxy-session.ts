// One downstream session bound to its own upstream session.
//
// Downstream is a low-level SDK `Server` on our lean Streamable HTTP transport; upstream is an
// SDK `Client`. Both use their fallback handlers so raw requests, results and
// notifications pass through unparsed (typed handlers would strip unknown fields).
// Only tools/list and tools/call go through the CallGate.
import { randomUUID } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { LeanHttpTransport } from '../downstream/lean-http-transport.js';
import type { RequestHandlerExtra, RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  ResultSchema,
  type CallToolResult,
  type ClientCapabilities,
  type Implementation,
  type JSONRPCRequest,
  type Notification,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../../../shared/config.js';
import { connectUpstream, type UpstreamLink } from '../upstream/connect-upstream.js';
import { timeoutError, toDownstreamError } from './upstream-errors.js';
import { ProgressRelay } from './progress-relay.js';
import { Deadline } from './deadline.js';
import type { CallGate, SessionContext, UpstreamOutcome } from './call-gate.js';
import { ReconnectingUpstream } from './reconnecting-upstream.js';

type DownstreamExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface InitializeParams {
  protocolVersion?: string;
  capabilities?: ClientCapabilities;
  clientInfo?: Implementation;
}

export interface ProxySessionOptions {
  server: ServerConfig;
  grant: string;
  gate: CallGate;
  initialize: InitializeParams;
  callTimeoutMs: number;
  onInitialized(session: ProxySession): void;
  onClosed(session: ProxySession): void;
}

/** Server-to-client requests wait on a person (sampling, elicitation): the upstream decides when to give up. */
const SERVER_TO_CLIENT_TIMEOUT_MS = 60 * 60 * 1000;
/** Forwarded requests are bounded by our own Deadline; the SDK's timer is set out of the way. */
const NO_SDK_TIMEOUT = 2 ** 31 - 1;

export class ProxySession {
  readonly transport: LeanHttpTransport;
  readonly serverId: string;
  readonly grant: string;
  readonly clientInfo?: Implementation;
  lastActivity = Date.now();
  openStreams = 0;

  private readonly downstream: Server;
  private readonly upstream: ReconnectingUpstream;
  /** Downstream requests being served, newest last: server-to-client traffic rides on one of their streams. */
  private readonly inFlight = new Map<string | number, DownstreamExtra>();
  private readonly progress = new ProgressRelay();
  private closed = false;

  private constructor(private readonly options: ProxySessionOptions, first: UpstreamLink) {
    this.serverId = options.server.id;
    this.grant = options.grant;
    this.clientInfo = options.initialize.clientInfo;
    this.upstream = new ReconnectingUpstream(options.server, first, () => this.reconnect(), () => void this.close());

    const client = first.client;
    this.downstream = new Server(client.getServerVersion() ?? { name: options.server.id, version: '0' }, {
      capabilities: client.getServerCapabilities() ?? {},
      instructions: client.getInstructions(),
    });
    // The Server answers logging/setLevel itself when logging is declared; the upstream must see it.
    this.downstream.removeRequestHandler('logging/setLevel');
    this.downstream.fallbackRequestHandler = (request, extra) => this.handleDownstreamRequest(request, extra);
    this.downstream.fallbackNotificationHandler = (notification) => this.forwardNotificationUpstream(notification);

    this.transport = new LeanHttpTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: () => options.onInitialized(this),
      onsessionclosed: () => void this.close(),
    });
  }

  /** Connects the upstream first: the downstream Server must be built with the upstream's capabilities. */
  static async open(options: ProxySessionOptions): Promise<ProxySession> {
    const capabilities = options.initialize.capabilities ?? {};
    // Upstream messages can arrive before the session object exists; they find it through here.
    const holder: { session?: ProxySession } = {};
    const first = await connectUpstream(options.server.upstream, {
      clientInfo: options.initialize.clientInfo ?? { name: 'portcullis', version: '0' },
      capabilities,
      configure: (client) => ProxySession.routeUpstream(client, () => holder.session),
      onRawMessage: (message) => holder.session?.progress.handle(message) ?? false,
    });
    const session = new ProxySession(options, first);
    holder.session = session;
    await session.downstream.connect(session.transport);
    return session;
  }

  get id(): string | undefined {
    return this.transport.sessionId;
  }

  get context(): SessionContext {
    return { serverId: this.serverId, grant: this.grant, sessionId: this.id ?? '', clientInfo: this.clientInfo };
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.upstream.close();
    await this.downstream.close().catch(() => undefined);
    this.options.onClosed(this);
  }

  // ── downstream → upstream ────────────────────────────────────────────────

  private async handleDownstreamRequest(request: JSONRPCRequest, extra: DownstreamExtra): Promise<Record<string, unknown>> {
    this.lastActivity = Date.now();
    this.inFlight.set(extra.requestId, extra);
    try {
      if (request.method === 'tools/list') return await this.listTools(request, extra);
      if (request.method === 'tools/call') return await this.callTool(request, extra);
      return await this.relay(request, extra);
    } finally {
      this.inFlight.delete(extra.requestId);
    }
  }

  private async relay(request: JSONRPCRequest, extra: DownstreamExtra): Promise<Record<string, unknown>> {
    const link = await this.upstream.ready(this.options.callTimeoutMs);
    const { server, callTimeoutMs } = this.options;
    // Our own deadline instead of the SDK's: progress resets it, and its error names the server.
    const deadline = new Deadline(callTimeoutMs, () => timeoutError(server.id, request.method, callTimeoutMs));
    const clientToken = request.params?._meta?.progressToken;
    let params = request.params;
    let relay: { token: string; release(): void } | undefined;
    if (clientToken !== undefined) {
      relay = this.progress.register((progress) => {
        deadline.reset();
        void extra.sendNotification({ method: 'notifications/progress', params: { ...progress, progressToken: clientToken } }).catch(() => undefined);
      });
      params = { ...params, _meta: { ...params?._meta, progressToken: relay.token } };
    }
    const options: RequestOptions = { signal: AbortSignal.any([extra.signal, deadline.signal]), timeout: NO_SDK_TIMEOUT };
    try {
      return await link.client.request({ method: request.method, params }, ResultSchema, options);
    } catch (error) {
      if (deadline.signal.aborted && error === deadline.signal.reason) throw error;
      throw link.closing || this.closed ? error : toDownstreamError(error, server, link, request.method, callTimeoutMs);
    } finally {
      deadline.clear();
      relay?.release();
    }
  }

  private async listTools(request: JSONRPCRequest, extra: DownstreamExtra): Promise<Record<string, unknown>> {
    const result = await this.relay(request, extra);
    if (Array.isArray(result.tools)) result.tools = this.options.gate.filterTools(this.context, result.tools as Tool[]);
    return result;
  }

  private async callTool(request: JSONRPCRequest, extra: DownstreamExtra): Promise<Record<string, unknown>> {
    const params = (request.params ?? {}) as { name?: unknown; arguments?: unknown };
    const name = typeof params.name === 'string' ? params.name : '';
    const args = isRecord(params.arguments) ? params.arguments : {};
    const token = request.params?._meta?.progressToken;
    const admission = await this.options.gate.admitCall(
      {
        ...this.context,
        signal: extra.signal,
        sendProgress:
          token === undefined
            ? undefined
            : (message) => extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: 0, message } }),
      },
      name,
      args,
    );
    if (!admission.proceed) return admission.result as Record<string, unknown>;

    const started = performance.now();
    let outcome: UpstreamOutcome | undefined;
    try {
      const result = (await this.relay(request, extra)) as CallToolResult;
      const upstreamMs = performance.now() - started;
      outcome = result.isError === true ? { status: 'tool-error', result, upstreamMs } : { status: 'ok', result, upstreamMs };
      return result as Record<string, unknown>;
    } catch (error) {
      const code = typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -32603;
      const status = code === -32001 ? 'timeout' : 'protocol-error';
      outcome = { status, error: { code, message: (error as Error).message }, upstreamMs: performance.now() - started };
      throw error;
    } finally {
      if (outcome) admission.finish(outcome);
    }
  }

  private async forwardNotificationUpstream(notification: Notification): Promise<void> {
    const link = this.upstream.current;
    if (link) await link.client.notification(notification as never);
  }

  // ── upstream → downstream ────────────────────────────────────────────────

  private static routeUpstream(client: UpstreamLink['client'], session: () => ProxySession | undefined): void {
    client.fallbackRequestHandler = async (request, extra) => {
      const target = session();
      if (!target) throw Object.assign(new Error('session is not ready'), { code: -32603 });
      return target.forwardRequestDownstream(request, extra.signal);
    };
    client.fallbackNotificationHandler = async (notification) => {
      await session()?.forwardNotificationDownstream(notification);
    };
  }

  private async forwardRequestDownstream(request: JSONRPCRequest, signal: AbortSignal): Promise<Record<string, unknown>> {
    const carrier = this.newestInFlight();
    const message = { method: request.method, params: request.params } as ServerRequest;
    const options: RequestOptions = { signal, timeout: SERVER_TO_CLIENT_TIMEOUT_MS };
    // During a call, ride on that call's response stream: the client may have no GET stream open.
    return carrier
      ? carrier.sendRequest(message, ResultSchema, options)
      : this.downstream.request(message, ResultSchema, options);
  }

  private async forwardNotificationDownstream(notification: Notification): Promise<void> {
    const carrier = this.newestInFlight();
    const message = notification as ServerNotification;
    try {
      if (carrier) await carrier.sendNotification(message);
      else await this.downstream.notification(message);
    } catch {
      // The client has no open stream to receive it on; a direct connection would lose it too.
    }
  }

  private newestInFlight(): DownstreamExtra | undefined {
    let newest: DownstreamExtra | undefined;
    for (const extra of this.inFlight.values()) if (!extra.signal.aborted) newest = extra;
    return newest;
  }

  /** Opens a replacement upstream after a crash, with the same client identity and capabilities. */
  private reconnect(): Promise<UpstreamLink> {
    return connectUpstream(this.options.server.upstream, {
      clientInfo: this.clientInfo ?? { name: 'portcullis', version: '0' },
      capabilities: this.options.initialize.capabilities ?? {},
      configure: (client) => ProxySession.routeUpstream(client, () => this),
      onRawMessage: (message) => this.progress.handle(message),
    });
  }

  /** For tests and status: the upstream's current process id (stdio). */
  get upstreamPid(): number | undefined {
    return this.upstream.current?.stdio?.pid;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
