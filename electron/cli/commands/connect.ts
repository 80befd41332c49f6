// portcullis connect <server-id>: a stdio bridge for clients that can only spawn commands.
// JSON-RPC lines on stdin go to the gateway's Streamable HTTP endpoint; whatever comes back
// (responses, notifications, server-to-client requests) is written to stdout.
import { Command } from 'commander';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage, JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import { LeanHttpClientTransport } from '../bridge/lean-http-client.js';
import { CliError, warn } from '../output.js';
import { DEFAULT_GATEWAY_URL } from '../../gateway/clients/portcullis-entries.js';
import { resolveDataDir } from '../../gateway/store/data-dir.js';
import { findRunningGateway } from '../running-gateway.js';

const DRAIN_GRACE_MS = 10_000;

interface ConnectOptions {
  token?: string;
  url?: string;
  dataDir?: string;
}

export function connectCommand(): Command {
  return new Command('connect')
    .argument('<server-id>')
    .description('stdio bridge to a server behind a running gateway (token from --token or PORTCULLIS_TOKEN)')
    .option('--token <token>', 'grant token (default: $PORTCULLIS_TOKEN)')
    .option('--url <url>', 'gateway address (default: the gateway running for the data directory, else http://127.0.0.1:7337)')
    .option('--data-dir <dir>', 'whose running gateway to reach when no --url is given')
    .action(async (serverId: string, options: ConnectOptions) => {
      const token = options.token ?? process.env.PORTCULLIS_TOKEN;
      if (!token) throw new CliError('no grant token: pass --token or set PORTCULLIS_TOKEN (create one with: portcullis grant create <name>)');
      await runBridge(new URL(`/mcp/${encodeURIComponent(serverId)}`, options.url ?? (await runningGatewayUrl(options.dataDir))), token);
    });
}

/** The port the gateway really listens on (from its runtime file), not the saved one: they differ under `serve --port`. */
async function runningGatewayUrl(dataDir: string | undefined): Promise<string> {
  const running = await findRunningGateway(resolveDataDir(dataDir)).catch(() => undefined);
  return running?.url ?? DEFAULT_GATEWAY_URL;
}

export async function runBridge(endpoint: URL, token: string): Promise<void> {
  const upstream = new LeanHttpClientTransport(endpoint, { Authorization: `Bearer ${token}` });
  const local = new StdioServerTransport();
  const initializeIds = new Set<string | number>();
  // Requests from the client still waiting for an answer: on stdin close they get a short grace.
  const pending = new Set<string | number>();
  let drained = () => {};
  const answered = (id: string | number) => {
    pending.delete(id);
    if (pending.size === 0) drained();
  };
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));

  // Until the gateway has answered initialize there is no session id: hold later messages.
  let initialized: Promise<void> = Promise.resolve();
  let markInitialized = () => {};
  const forward = (message: JSONRPCMessage) =>
    upstream.send(message).catch((error: Error) => {
      warn(`gateway refused a message: ${error.message}`);
      // A request that never reached the gateway still deserves an answer.
      if (isJSONRPCRequest(message)) {
        void local.send({ jsonrpc: '2.0', id: message.id, error: { code: -32000, message: `Portcullis gateway: ${error.message}` } });
        answered(message.id);
      }
      if (initializeIds.delete((message as { id?: string | number }).id ?? '')) markInitialized();
    });
  local.onmessage = (message: JSONRPCMessage) => {
    if (isJSONRPCRequest(message)) pending.add(message.id);
    if (isJSONRPCRequest(message) && message.method === 'initialize') {
      initializeIds.add(message.id);
      initialized = new Promise((resolve) => (markInitialized = resolve));
      void forward(message);
      return;
    }
    void initialized.then(() => forward(message));
  };
  upstream.onmessage = (message: JSONRPCMessage) => {
    const id = (message as { id?: string | number }).id;
    if (id !== undefined && !isJSONRPCRequest(message)) answered(id);
    if (id !== undefined && !isJSONRPCRequest(message) && initializeIds.delete(id)) {
      const version = 'result' in message ? (message.result as { protocolVersion?: unknown } | undefined)?.protocolVersion : undefined;
      if (typeof version === 'string') upstream.setProtocolVersion(version);
      void local.send(message).then(markInitialized, markInitialized);
      return;
    }
    void local.send(message);
  };
  upstream.onerror = (error) => warn(error.message);
  local.onerror = (error) => warn(error.message);

  // A stdio bridge must exit when its client goes away (stdin closes).
  process.stdin.once('end', finished);
  process.stdin.once('close', finished);
  await upstream.start();
  await local.start();
  await done;
  if (pending.size > 0) {
    await Promise.race([new Promise<void>((resolve) => (drained = resolve)), new Promise((resolve) => setTimeout(resolve, DRAIN_GRACE_MS).unref())]);
  }
  await upstream.terminateSession().catch(() => undefined);
  await upstream.close().catch(() => undefined);
  await local.close().catch(() => undefined);
}

/** A request (as opposed to a response or notification), told apart without a schema parse. */
function isJSONRPCRequest(message: JSONRPCMessage): message is JSONRPCRequest {
  return 'method' in message && 'id' in message && message.id !== undefined;
}
