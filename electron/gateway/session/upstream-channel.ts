// A session's connection to one upstream server, as the session sees it: forward a request
// (with progress relayed and a deadline that progress pushes back), forward a notification,
// and hear the server's own requests and notifications. Crashes are survived underneath
// (ReconnectingUpstream reopens with the same client identity and capabilities).
//
// Each connection has one JsonRpcPeer, which does its initialize handshake and then carries
// every message (see upstream-connection.ts, and json-rpc-peer.ts for why not the SDK's Protocol).
import type { ClientCapabilities, Implementation, JSONRPCRequest, Notification, Progress, ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../../../shared/config.js';
import { DownstreamError, ErrorCodes } from '../util/json-rpc-error.js';
import { timeoutError, toDownstreamError, upstreamGoneError } from '../upstream/upstream-errors.js';
import type { CancelSource } from './json-rpc-peer.js';
import { openUpstreamConnection, type UpstreamConnection } from './upstream-connection.js';
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
  private readonly upstream: ReconnectingUpstream<UpstreamConnection>;
  private closed = false;

  private stopWaiting?: () => void;

  private constructor(private readonly options: UpstreamChannelOptions, first: UpstreamConnection | Error) {
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
    let first: UpstreamConnection | Error;
    try {
      first = await connectLink(options);
    } catch (error) {
      const signIn = options.whenSignedIn ? toNeedsSignIn(error, options.server.id) : undefined;
      if (!signIn) throw error;
      first = signIn; // a session that waits: its calls say "sign in", and it connects once someone has
    }
    return new UpstreamChannel(options, first);
  }

  /** True until a waiting-for-sign-in channel has connected. */
  get waitingForSignIn(): boolean {
    return this.upstream.waitingForSignIn !== undefined;
  }

  private async connect(): Promise<UpstreamConnection> {
    return this.watch(await connectLink(this.options));
  }

  /** Requests still waiting on a connection that went away fail now, naming how it went. */
  private watch(link: UpstreamConnection): UpstreamConnection {
    void link.closed.then(() =>
      link.peer.close((method) =>
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
    return this.upstream.current?.capabilities ?? {};
  }

  get serverInfo(): Implementation | undefined {
    return this.upstream.current?.serverInfo;
  }

  get instructions(): string | undefined {
    return this.upstream.current?.instructions;
  }

  /** For tests and status: the upstream's current process id (stdio). */
  get pid(): number | undefined {
    return this.upstream.current?.stdio?.pid;
  }

  async forward(method: string, params: JSONRPCRequest['params'], ctx: ForwardContext): Promise<Record<string, unknown>> {
    const { server, callTimeoutMs } = this.options;
    const link = this.upstream.current ?? (await this.upstream.ready(callTimeoutMs));
    try {
      return await link.peer.request(method, params, {
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
    await this.upstream.current?.peer.notify(notification);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopWaiting?.();
    await this.upstream.close();
  }
}

function connectLink(options: UpstreamChannelOptions): Promise<UpstreamConnection> {
  return openUpstreamConnection(options.server.upstream, {
    clientInfo: options.clientInfo ?? { name: 'portcullis', version: '0' },
    capabilities: options.capabilities,
    auth: options.auth,
    onRequest: options.onServerRequest,
    onNotification: (notification) => void options.onServerNotification(notification).catch(() => undefined),
  });
}
