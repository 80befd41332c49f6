// One downstream session bound to its own upstream session of one server.
//
// Messages pass through unchanged (raw requests, results and notifications, both ways), but
// every one that carries data passes the CallGate first: tools/call is admitted by it, every
// other request either way (the server's sampling, elicitation and roots requests too) is
// admitted by it, the lists are filtered by it, and resource updates and log messages from
// the server reach the client only if it lets them. ping and initialize are answered as before.
import type { JSONRPCRequest, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../../../shared/config.js';
import type { CallGate, SessionContext } from '../gate/call-gate.js';
import { DownstreamChannel, progressSink, type DownstreamExtra } from './downstream-channel.js';
import { UpstreamChannel, type UpstreamChannelOptions } from './upstream-channel.js';
import { gatedToolCall, toolCallArguments } from './gated-call.js';
import { filterListResult, gatedRequest, listMethod, runAdmitted } from './gated-request.js';
import { DownstreamError, ErrorCodes } from '../util/json-rpc-error.js';
import type { GatewaySession, InitializeParams } from './gateway-session.js';
import type { OpenClientTransport } from './client-transport.js';
import { ChannelSession } from './channel-session.js';
import { NeedsSignInError, type UpstreamAuth } from '../upstream/oauth/index.js';
import { readToolList, SessionTools, UNCANCELLED, watchToolChanges } from './session-tools.js';

export type { InitializeParams } from './gateway-session.js';

export interface SessionOptions {
  grant: string;
  /** OAuth for a server (by id) that needs sign-in; undefined for the rest. */
  auth?: (server: ServerConfig) => UpstreamAuth | undefined;
  /** Subscribes to "someone signed in to this server" (so a session can wait for it). */
  whenSignedIn?: (serverId: string, listener: () => void) => () => void;
  gate: CallGate;
  initialize: InitializeParams;
  callTimeoutMs: number;
  /** Builds the client's transport (downstream/ provides it). */
  openTransport: OpenClientTransport;
  onInitialized(session: GatewaySession): void;
  onClosed(session: GatewaySession): void;
}

/**
 * How a session's upstream channel reaches back to its client (whichever session kind holds it):
 * the server's requests and notifications pass the gate on the way, under `context()`.
 */
export function channelOptions(
  server: ServerConfig,
  options: SessionOptions,
  downstream: () => DownstreamChannel | undefined,
  context: () => SessionContext | undefined,
  onGiveUp: () => void,
): UpstreamChannelOptions {
  return {
    server,
    clientInfo: options.initialize.clientInfo,
    capabilities: options.initialize.capabilities ?? {},
    callTimeoutMs: options.callTimeoutMs,
    auth: options.auth?.(server),
    whenSignedIn: options.whenSignedIn ? (listener) => options.whenSignedIn!(server.id, listener) : undefined,
    onServerRequest: async (request, signal) => {
      const target = downstream();
      const session = context();
      if (!target || !session) throw new DownstreamError(ErrorCodes.internal, 'session is not ready');
      const ctx = { serverId: session.serverId, grant: session.grant, sessionId: session.sessionId, clientInfo: session.clientInfo, signal };
      const admission = await options.gate.admitRequest(ctx, { method: request.method, params: request.params as Record<string, unknown> | undefined });
      return runAdmitted(admission, () => target.request(request, signal));
    },
    onServerNotification: async (notification) => {
      const session = context();
      if (session && options.gate.passNotification(session, notification)) await downstream()?.notify(notification);
    },
    onGiveUp,
  };
}

export class ProxySession extends ChannelSession {
  readonly serverId: string;
  protected readonly downstream: DownstreamChannel;
  /** What this session's client was shown of the tools (pinning and the call's name check: see session-tools.ts). */
  readonly listedTools = new SessionTools(() => this.readTools());

  private constructor(private readonly options: SessionOptions, private readonly upstream: UpstreamChannel) {
    super(options.grant, options.initialize.clientInfo);
    this.serverId = upstream.serverId;
    // Waiting for a sign-in, the upstream's own capabilities are unknown: offer tools (listed empty until then).
    const waiting = upstream.waitingForSignIn;
    this.downstream = new DownstreamChannel({
      serverInfo: upstream.serverInfo ?? { name: upstream.serverId, version: '0' },
      capabilities: waiting ? { tools: { listChanged: true } } : upstream.serverCapabilities,
      instructions: waiting ? `Sign in to ${upstream.serverId} in Portcullis to use its tools; they appear here once someone has.` : upstream.instructions,
      openTransport: options.openTransport,
      onRequest: (request, extra) => this.handleRequest(request, extra),
      onNotification: (notification) => this.upstream.notify(notification),
      onInitialized: () => options.onInitialized(this),
      onClosed: () => void this.close(),
    });
  }

  /** Connects the upstream first: the downstream Server is built with the upstream's capabilities. */
  static async open(server: ServerConfig, options: SessionOptions): Promise<ProxySession> {
    const holder: { session?: ProxySession } = {};
    const upstream = await UpstreamChannel.open(watchToolChanges({
      ...channelOptions(server, options, () => holder.session?.downstream, () => holder.session?.context, () => void holder.session?.close()),
      // A session opened before anyone signed in learns the real tools once someone has.
      onConnectedAfterSignIn: () => {
        holder.session?.listedTools.changed(server.id);
        void holder.session?.downstream.notify({ method: 'notifications/tools/list_changed' });
      },
    }, () => holder.session?.listedTools));
    const session = new ProxySession(options, upstream);
    holder.session = session;
    return session;
  }

  /** For tests and status: the upstream's current process id (stdio). */
  get upstreamPid(): number | undefined {
    return this.upstream.pid;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.upstream.close();
    await this.downstream.close();
    this.options.onClosed(this);
  }

  private async handleRequest(request: JSONRPCRequest, extra: DownstreamExtra): Promise<Record<string, unknown>> {
    // tools/call passes the params it checked (the same object): nothing is read from the request after the check.
    const forward = (params = request.params) => this.upstream.forward(request.method, params, { cancel: extra, onProgress: progressSink(request, extra) });
    const { method } = request;
    if (method === 'tools/call') {
      return gatedToolCall(this.options.gate, request, extra, { name: toolCallArguments(request).name, context: this.context, tools: this.listedTools, forward, elicit: this.downstream.elicitor(extra) });
    }
    if (method === 'tools/list') {
      const result = await forward().catch((error: unknown) => {
        // Until someone signs in, the tool list is empty rather than an error the client might give up on.
        if (error instanceof NeedsSignInError) return { tools: [] };
        throw error;
      });
      if (Array.isArray(result.tools)) {
        this.listedTools.listed(this.serverId, result.tools as Tool[], (request.params as { cursor?: unknown } | undefined)?.cursor === undefined);
        result.tools = this.options.gate.filterTools(this.context, result.tools as Tool[]);
      }
      return result;
    }
    const list = listMethod(method);
    if (list) return filterListResult(this.options.gate, this.context, list, await forward());
    return gatedRequest(this.options.gate, request, extra, { context: this.context, forward });
  }

  /** The session's tool list read by Portcullis itself (the client has not listed, or the upstream's tools changed since). */
  private readTools(): Promise<Tool[]> {
    return readToolList((page) => this.upstream.forward('tools/list', page, { cancel: UNCANCELLED }), (tools) => this.options.gate.filterTools(this.context, tools));
  }
}
