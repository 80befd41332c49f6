// Opens one MCP client connection to an upstream server, over whichever transport it is configured for.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ClientCapabilities, Implementation, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamConfig } from '../../../shared/config.js';
import { StdioUpstreamTransport } from './stdio-transport.js';
import type { UpstreamAuth } from './oauth/index.js';
import { maskSecretsInText } from '../secrets/text-secrets.js';

export interface UpstreamLink {
  client: Client;
  transport: Transport;
  /** Set for stdio upstreams: exit status and the stderr tail. */
  stdio?: StdioUpstreamTransport;
  /** Resolves when the connection has closed, for whatever reason. */
  closed: Promise<void>;
  /** True once close() was called by us (as opposed to the upstream going away). */
  closing: boolean;
  close(): Promise<void>;
}

export interface ConnectOptions {
  clientInfo: Implementation;
  capabilities: ClientCapabilities;
  /** Installed before connecting, so no early message is missed. */
  configure?: (client: Client) => void;
  connectTimeoutMs?: number;
  /** OAuth for HTTP upstreams that need sign-in (the SDK's authProvider and a fetch that watches challenges). */
  auth?: UpstreamAuth;
  /** Sees every raw message from the upstream before the SDK does; return true to keep it from the SDK. */
  onRawMessage?: (message: JSONRPCMessage) => boolean;
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

export async function connectUpstream(config: UpstreamConfig, options: ConnectOptions): Promise<UpstreamLink> {
  const transport = createUpstreamTransport(config, options.auth);
  const client = new Client(options.clientInfo, { capabilities: options.capabilities });
  options.configure?.(client);
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const link: UpstreamLink = {
    client,
    transport,
    stdio: transport instanceof StdioUpstreamTransport ? transport : undefined,
    closed,
    closing: false,
    async close() {
      link.closing = true;
      await client.close().catch(() => undefined);
      await transport.close().catch(() => undefined);
    },
  };
  if (options.onRawMessage) interceptRaw(transport, options.onRawMessage);
  const previousOnClose = client.onclose;
  client.onclose = () => {
    previousOnClose?.();
    markClosed();
  };
  try {
    await client.connect(transport, { timeout: options.connectTimeoutMs ?? 30_000 });
  } catch (error) {
    await link.close();
    throw new Error(describeConnectFailure(config, link, error), { cause: error });
  }
  return link;
}

/** Lets the hook take messages before the Protocol (which connect() installs afterwards) sees them. */
function interceptRaw(transport: Transport, hook: (message: JSONRPCMessage) => boolean): void {
  const start = transport.start.bind(transport);
  transport.start = async () => {
    const protocolHandler = transport.onmessage;
    transport.onmessage = (message, extra) => {
      if (!hook(message)) protocolHandler?.(message, extra);
    };
    await start();
  };
}

function describeConnectFailure(config: UpstreamConfig, link: UpstreamLink, error: unknown): string {
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
