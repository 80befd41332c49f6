// Opens a connection to an upstream server, over whichever transport it is configured for:
// a bare transport (a session's, whose own JSON-RPC peer does the handshake: see
// session/upstream-connection.ts) or one with an SDK Client on it (the catalog's listings).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ClientCapabilities, Implementation } from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamConfig } from '../../../shared/config.js';
import { StdioUpstreamTransport } from './stdio-transport.js';
import type { UpstreamAuth } from './oauth/index.js';
import { maskSecretsInText } from '../secrets/text-secrets.js';

/** One connection's transport and its life. */
export interface TransportLink {
  transport: Transport;
  /** Set for stdio upstreams: exit status and the stderr tail. */
  stdio?: StdioUpstreamTransport;
  /** Resolves when the connection has closed, for whatever reason. */
  closed: Promise<void>;
  /** True once close() was called by us (as opposed to the upstream going away). */
  closing: boolean;
  close(): Promise<void>;
}

/** A connection driven by an SDK Client (one-shot and catalog listings, not the forwarding path). */
export interface UpstreamLink extends TransportLink {
  client: Client;
}

export interface ConnectOptions {
  clientInfo: Implementation;
  capabilities: ClientCapabilities;
  /** Installed before connecting, so no early message is missed. */
  configure?: (client: Client) => void;
  connectTimeoutMs?: number;
  /** OAuth for HTTP upstreams that need sign-in (the SDK's authProvider and a fetch that watches challenges). */
  auth?: UpstreamAuth;
}

export function createUpstreamTransport(config: UpstreamConfig, auth?: UpstreamAuth): Transport {
  switch (config.transport) {
    case 'stdio':
      return new StdioUpstreamTransport({ command: config.command, args: config.args, env: config.env, cwd: config.cwd });
    case 'http':
      return new StreamableHTTPClientTransport(new URL(config.url), { requestInit: { headers: config.headers }, ...auth });
    case 'sse':
      // The SDK adds requestInit's headers to the event-stream GET itself.
      return new SSEClientTransport(new URL(config.url), { requestInit: { headers: config.headers }, ...auth });
  }
}

/**
 * A transport not yet started, with its close watched. Whoever drives it sets `onmessage`
 * (and may chain `onclose`: the link's own handler stays first) before starting it.
 */
export function openTransportLink(config: UpstreamConfig, auth?: UpstreamAuth): TransportLink {
  const transport = createUpstreamTransport(config, auth);
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  transport.onclose = markClosed;
  const link: TransportLink = {
    transport,
    stdio: transport instanceof StdioUpstreamTransport ? transport : undefined,
    closed,
    closing: false,
    async close() {
      link.closing = true;
      await transport.close().catch(() => undefined);
    },
  };
  return link;
}

export async function connectUpstream(config: UpstreamConfig, options: ConnectOptions): Promise<UpstreamLink> {
  const base = openTransportLink(config, options.auth);
  const client = new Client(options.clientInfo, { capabilities: options.capabilities });
  options.configure?.(client);
  const link: UpstreamLink = {
    ...base,
    client,
    async close() {
      link.closing = true;
      await client.close().catch(() => undefined);
      await base.close();
    },
  };
  try {
    // Protocol.connect chains the transport's onclose (the link's) before its own.
    await client.connect(base.transport, { timeout: options.connectTimeoutMs ?? 30_000 });
  } catch (error) {
    await link.close();
    throw new Error(describeConnectFailure(config, link, error), { cause: error });
  }
  return link;
}

export function describeConnectFailure(config: UpstreamConfig, link: Pick<TransportLink, 'stdio'>, error: unknown): string {
  const where = config.transport === 'stdio' ? `'${[config.command, ...config.args].join(' ')}'` : config.url;
  let text = `could not connect to ${where}: ${stripMcpPrefix((error as Error).message)}`;
  const exit = link.stdio?.exit;
  if (exit) text += ` (process exited with ${exit.signal ?? `code ${exit.code}`})`;
  const tail = link.stdio?.stderr.snapshot() ?? [];
  if (tail.length) text += `; stderr: ${tail.slice(-5).join(' | ')}`;
  // The command line, the URL and the SDK's message can hold secrets; this text reaches clients (502), the UI and logs.
  return maskSecretsInText(text);
}

/** The SDK Client prefixes one "MCP error <code>: " to the upstream's message; strip exactly that one (the wire text itself may carry its own). */
export function stripMcpPrefix(message: string): string {
  return message.replace(/^MCP error -?\d+: /, '');
}
