// A session's connection to one upstream server, as the session sees it: forward a request
// (with progress relayed and a deadline that progress pushes back), forward a notification,
// and hear the server's own requests and notifications. Crashes are survived underneath
// (ReconnectingUpstream reopens with the same client identity and capabilities).
//
// The SDK Client only does each connection's initialize handshake; after it, every message
// goes through a JsonRpcPeer that sees the raw stream first (see json-rpc-peer.ts for why).
import type {
  ClientCapabilities,
  Implementation,
  JSONRPCMessage,
  JSONRPCRequest,
  Notification,
  Progress,
  ServerCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../../../shared/config.js';
import { connectUpstream, type UpstreamLink } from '../upstream/connect-upstream.js';
import { DownstreamError, ErrorCodes } from '../util/json-rpc-error.js';
import { timeoutError, toDownstreamError, upstreamGoneError } from '../upstream/upstream-errors.js';
import { JsonRpcPeer, type CancelSource } from './json-rpc-peer.js';
import { ReconnectingUpstream } from './reconnecting-upstream.js';
import { toNeedsSignIn, type UpstreamAuth } from '../upstream/oauth/index.js';

export interface UpstreamChannelOptions {
  server: ServerConfig;
  clientInfo?: Implementation;
  capabilities: ClientCapabilities;
  callTimeoutMs: number;
  auth?: UpstreamAuth;
  /** A request from the server (sampling, elicitation, roots/list) for the downstream client. */
  onServerRequest(request: JSONRPCRequest, signal: AbortSignal): Promise<Record<string, unknown>>;
  onServerNotification(notification: Notification): Promise<void>;
  /** Reconnecting failed for good. */
  onGiveUp(): void;
  /**
   * For a server that needs a sign-in before it can be reached at all: subscribe to "signed in".
   * With it, open() succeeds without a connection and connects once someone has signed in.
   */
  whenSignedIn?: (listener: () => void) => () => void;
  /** Connected after waiting for a sign-in (the session tells its client the tools changed). */
  onConnectedAfterSignIn?: () => void;
}

export interface ForwardContext {
  /** The downstream request this one relays (cancelled with it), or a signal. */
  cancel: CancelSource;
  /** Set when the downstream request carried a progress token. */
  onProgress?: (progress: Progress) => void;
}

export class UpstreamChannel {
  private readonly upstream: ReconnectingUpstream;
  private readonly peer: JsonRpcPeer;
  private closed = false;

  private stopWaiting?: () => void;

  private constructor(private readonly options: UpstreamChannelOptions, first: UpstreamLink | Error) {
    this.peer = new JsonRpcPeer({
      // String ids never meet the SDK Client's numeric ones (its initialize) on the same connection.
      idPrefix: 'portcullis-',
      send: (message) => {
        const link = this.upstream.current;
        return link ? link.transport.send(message) : Promise.reject(new DownstreamError(ErrorCodes.connectionClosed, `Upstream server '${options.server.id}' is not connected`));
      },
      onRequest: (request, extra) => options.onServerRequest(request, extra.signal),
      onNotification: (notification) => void options.onServerNotification(notification).catch(() => undefined),
    });
    if (!(first instanceof Error)) this.watch(first);
    this.upstream = new ReconnectingUpstream(options.server, first, () => this.connect(), options.onGiveUp);
    if (first instanceof Error && options.whenSignedIn) {
      this.stopWaiting = options.whenSignedIn(() => {
        this.stopWaiting?.();
        this.stopWaiting = undefined;
        void this.upstream.resume().then(() => options.onConnectedAfterSignIn?.(), () => undefined);
      });
    }
  }

  static async open(options: UpstreamChannelOptions): Promise<UpstreamChannel> {
    // Messages can arrive before the channel object exists; they find it through here.
    const holder: { channel?: UpstreamChannel } = {};
    let first: UpstreamLink | Error;
    try {
      first = await connectLink(options, () => holder.channel);
    } catch (error) {
      const signIn = options.whenSignedIn ? toNeedsSignIn(error, options.server.id) : undefined;
      if (!signIn) throw error;
      first = signIn; // a session that waits: its calls say "sign in", and it connects once someone has
    }
    const channel = new UpstreamChannel(options, first);
    holder.channel = channel;
    return channel;
  }

  /** True until a waiting-for-sign-in channel has connected. */
  get waitingForSignIn(): boolean {
    return this.upstream.waitingForSignIn !== undefined;
  }

  private async connect(): Promise<UpstreamLink> {
    return this.watch(await connectLink(this.options, () => this));
  }

  /** Requests still waiting on a connection that went away fail now, naming how it went. */
  private watch(link: UpstreamLink): UpstreamLink {
    void link.closed.then(() =>
      this.peer.close((method) =>
        link.closing || this.closed ? new DownstreamError(ErrorCodes.connectionClosed, 'Connection closed') : upstreamGoneError(this.options.server, link, method),
      ),
    );
    return link;
  }

  get serverId(): string {
    return this.options.server.id;
  }

  /** What the upstream said about itself at initialize (of the first connection). */
  get serverCapabilities(): ServerCapabilities {
    return this.upstream.current?.client.getServerCapabilities() ?? {};
  }

  get serverInfo(): Implementation | undefined {
    return this.upstream.current?.client.getServerVersion();
  }

  get instructions(): string | undefined {
    return this.upstream.current?.client.getInstructions();
  }

  /** For tests and status: the upstream's current process id (stdio). */
  get pid(): number | undefined {
    return this.upstream.current?.stdio?.pid;
  }

  async forward(method: string, params: JSONRPCRequest['params'], ctx: ForwardContext): Promise<Record<string, unknown>> {
    const { server, callTimeoutMs } = this.options;
    const link = this.upstream.current ?? (await this.upstream.ready(callTimeoutMs));
    try {
      return await this.peer.request(method, params, {
        timeoutMs: callTimeoutMs,
        onTimeout: () => timeoutError(server.id, method, callTimeoutMs),
        cancel: ctx.cancel,
        onProgress: ctx.onProgress,
      });
    } catch (error) {
      if (error instanceof DownstreamError || link.closing || this.closed) throw error;
      // "Sign in to <server> in Portcullis", not a raw 401; the session works again once someone has.
      const signIn = toNeedsSignIn(error, server.id);
      if (signIn) {
        this.tellClientAfterSignIn();
        throw signIn;
      }
      throw toDownstreamError(error);
    }
  }

  /** A connected server asked for a sign-in (on demand, or a step-up): once someone signs in, the client is told to list again. */
  private tellClientAfterSignIn(): void {
    if (this.stopWaiting || !this.options.whenSignedIn || this.closed) return;
    this.stopWaiting = this.options.whenSignedIn(() => {
      this.stopWaiting?.();
      this.stopWaiting = undefined;
      this.options.onConnectedAfterSignIn?.();
    });
  }

  async notify(notification: Notification): Promise<void> {
    if (this.upstream.current) await this.peer.notify(notification);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopWaiting?.();
    await this.upstream.close();
  }

  /** Every message from the upstream comes here first; what the peer does not take (initialize's answer) goes to the SDK Client. */
  handleRaw(message: JSONRPCMessage): boolean {
    return this.peer.handle(message);
  }
}

function connectLink(options: UpstreamChannelOptions, channel: () => UpstreamChannel | undefined): Promise<UpstreamLink> {
  return connectUpstream(options.server.upstream, {
    clientInfo: options.clientInfo ?? { name: 'portcullis', version: '0' },
    capabilities: options.capabilities,
    auth: options.auth,
    configure: (client) => {
      client.fallbackRequestHandler = (request, extra) => options.onServerRequest(request, extra.signal);
      client.fallbackNotificationHandler = (notification) => options.onServerNotification(notification);
    },
    onRawMessage: (message) => channel()?.handleRaw(message) ?? false,
  });
}
