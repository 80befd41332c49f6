// One connection to an upstream server with one JSON-RPC engine on it: the session's
// JsonRpcPeer does the initialize handshake itself and then carries every message, so no
// SDK Client (a second engine, with its own ids and schema parsing) sits on the forwarding path.
import {
  InitializeResultSchema,
  LATEST_PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
  type ClientCapabilities,
  type Implementation,
  type JSONRPCNotification,
  type JSONRPCRequest,
  type ServerCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamConfig } from '../../../shared/config.js';
import { describeConnectFailure, openTransportLink, type TransportLink } from '../upstream/connect-upstream.js';
import type { UpstreamAuth } from '../upstream/oauth/index.js';
import { JsonRpcPeer } from './json-rpc-peer.js';

export interface UpstreamConnection extends TransportLink {
  peer: JsonRpcPeer;
  /** What the server said about itself at initialize. */
  capabilities: ServerCapabilities;
  serverInfo: Implementation;
  instructions?: string;
}

export interface UpstreamConnectionOptions {
  clientInfo: Implementation;
  capabilities: ClientCapabilities;
  auth?: UpstreamAuth;
  connectTimeoutMs?: number;
  /** A request from the server (sampling, elicitation, roots/list). */
  onRequest(request: JSONRPCRequest, signal: AbortSignal): Promise<Record<string, unknown>>;
  onNotification(notification: JSONRPCNotification): void;
}

export async function openUpstreamConnection(config: UpstreamConfig, options: UpstreamConnectionOptions): Promise<UpstreamConnection> {
  const link = openTransportLink(config, options.auth);
  const { transport } = link;
  const peer = new JsonRpcPeer({
    send: (message) => transport.send(message),
    onRequest: (request, context) => options.onRequest(request, context.signal),
    onNotification: options.onNotification,
  });
  transport.onmessage = (message) => void peer.handle(message);
  // A stray line or a failed event stream: the request it concerns fails on its own, and a lost connection closes.
  transport.onerror = () => undefined;
  const gone = new AbortController();
  void link.closed.then(() => gone.abort(new Error('the connection closed during initialize')));
  const timeoutMs = options.connectTimeoutMs ?? 30_000;
  try {
    await transport.start();
    const answer = await peer.request(
      'initialize',
      { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: options.capabilities, clientInfo: options.clientInfo },
      { timeoutMs, onTimeout: () => new Error(`no answer to initialize within ${Math.round(timeoutMs / 1000)} s`), cancel: gone.signal },
    );
    const parsed = InitializeResultSchema.safeParse(answer);
    if (!parsed.success) throw new Error(`the server's answer to initialize is not an InitializeResult: ${parsed.error.message.slice(0, 200)}`);
    const result = parsed.data;
    if (!SUPPORTED_PROTOCOL_VERSIONS.includes(result.protocolVersion)) throw new Error(`Server's protocol version is not supported: ${result.protocolVersion}`);
    // HTTP transports send the version on every request after initialize.
    transport.setProtocolVersion?.(result.protocolVersion);
    await peer.notify({ method: 'notifications/initialized' });
    return Object.assign(link, { peer, capabilities: result.capabilities, serverInfo: result.serverInfo, instructions: result.instructions });
  } catch (error) {
    await link.close();
    peer.close(() => new Error('the connection closed'));
    throw new Error(describeConnectFailure(config, link, error), { cause: error });
  }
}
