// A session's connection to one upstream server, as the session sees it: forward a request
// (with progress relayed and a deadline that progress pushes back), forward a notification,
// and hear the server's own requests and notifications. Crashes are survived underneath
// (ReconnectingUpstream reopens with the same client identity and capabilities).
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  ResultSchema,
  type ClientCapabilities,
  type Implementation,
  type JSONRPCRequest,
  type Notification,
  type Progress,
  type ServerCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../../../shared/config.js';
import { connectUpstream, type UpstreamLink } from '../upstream/connect-upstream.js';
import { timeoutError, toDownstreamError } from './upstream-errors.js';
import { ProgressRelay } from './progress-relay.js';
import { Deadline } from './deadline.js';
import { ReconnectingUpstream } from './reconnecting-upstream.js';
import { toNeedsSignIn, type UpstreamAuth } from '../upstream/oauth/index.js';

/** Forwarded requests are bounded by our own Deadline; the SDK's timer is set out of the way. */
const NO_SDK_TIMEOUT = 2 ** 31 - 1;

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
  signal: AbortSignal;
  /** Set when the downstream request carried a progress token. */
  onProgress?: (progress: Progress) => void;
}

export class UpstreamChannel {
  private readonly upstream: ReconnectingUpstream;
  private readonly progress = new ProgressRelay();
  private closed = false;

  private stopWaiting?: () => void;

  private constructor(private readonly options: UpstreamChannelOptions, first: UpstreamLink | Error) {
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

  private connect(): Promise<UpstreamLink> {
    return connectLink(this.options, () => this);
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
    const link = await this.upstream.ready(callTimeoutMs);
    // Our own deadline instead of the SDK's: progress resets it, and its error names the server.
    const deadline = new Deadline(callTimeoutMs, () => timeoutError(server.id, method, callTimeoutMs), ctx.signal);
    let relay: { token: string; release(): void } | undefined;
    if (ctx.onProgress) {
      const onProgress = ctx.onProgress;
      relay = this.progress.register((progress) => {
        deadline.reset();
        onProgress(progress);
      });
      params = { ...params, _meta: { ...params?._meta, progressToken: relay.token } };
    }
    const options: RequestOptions = { signal: deadline.signal, timeout: NO_SDK_TIMEOUT };
    try {
      return await link.client.request({ method, params }, ResultSchema, options);
    } catch (error) {
      // The SDK wraps an abort reason in its own McpError; ours already says what happened.
      if (deadline.expired) throw deadline.signal.reason;
      // "Sign in to <server> in Portcullis", not a raw 401; the session works again once someone has.
      const signIn = toNeedsSignIn(error, server.id);
      if (signIn) throw signIn;
      throw link.closing || this.closed ? error : toDownstreamError(error, server, link, method, callTimeoutMs);
    } finally {
      deadline.clear();
      relay?.release();
    }
  }

  async notify(notification: Notification): Promise<void> {
    const link = this.upstream.current;
    if (link) await link.client.notification(notification as never);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopWaiting?.();
    await this.upstream.close();
  }

  /** Progress is taken from the raw stream (see ProgressRelay); the rest goes to the SDK Client. */
  handleRaw(message: Parameters<ProgressRelay['handle']>[0]): boolean {
    return this.progress.handle(message);
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
