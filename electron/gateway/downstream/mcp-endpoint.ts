// The Streamable HTTP endpoints: `/mcp/<server-id>` for one server, `/mcp` for all of them.
// Finds or opens the caller's session and hands the request to its transport. Auth and
// Host/Origin are checked before this.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../../../shared/config.js';
import type { CallGate } from '../gate/call-gate.js';
import { ProxySession, type SessionOptions } from '../session/proxy-session.js';
import { AggregateSession } from '../session/aggregate-session.js';
import { ALL_SERVERS, type GatewaySession, type InitializeParams } from '../session/gateway-session.js';
import { SessionCapError, type SessionRegistry } from '../session/session-registry.js';
import { HttpError, readJsonBody } from './http-guards.js';
import { boundInitialize } from './client-strings.js';
import { toNeedsSignIn } from '../upstream/oauth/index.js';
import type { OpenClientTransport } from '../session/client-transport.js';
import { LeanHttpTransport } from './lean-http-transport.js';

export interface McpEndpointDeps {
  sessions: SessionRegistry;
  server(id: string): ServerConfig | undefined;
  servers(): ServerConfig[];
  gate(): CallGate;
  auth?: SessionOptions['auth'];
  whenSignedIn?: SessionOptions['whenSignedIn'];
  maxBodyBytes(): number;
  /** Bytes a response stream may hold for a client that does not read (default: the transport's own). */
  maxStreamBufferBytes?(): number;
  callTimeoutMs(server?: ServerConfig): number;
  /** Runs just before each answer is written to a client (the call log's records go to disk first). */
  beforeAnswer?(): void;
  onSessionOpened?(session: GatewaySession): void;
  onSessionClosed?(session: GatewaySession): void;
}

export async function handleMcpRequest(deps: McpEndpointDeps, req: IncomingMessage, res: ServerResponse, serverId: string, grant: string): Promise<void> {
  const sessionHeader = req.headers['mcp-session-id'];
  const sessionId = Array.isArray(sessionHeader) ? sessionHeader[0] : sessionHeader;
  if (sessionId === undefined) return startSession(deps, req, res, serverId, grant);
  const body = req.method === 'POST' ? await readJsonBody(req, deps.maxBodyBytes()) : undefined;

  const session = deps.sessions.get(sessionId);
  // A session is bound to its endpoint and grant: anything else is "not found", not "forbidden".
  if (!session || session.isClosed || session.serverId !== serverId || session.grant !== grant) {
    throw new HttpError(404, 'Session not found', -32001);
  }
  session.touch();
  if (req.method === 'GET') trackStream(session, res);
  await session.transport.handleRequest(req, res, body);
}

/** A request without a session id: only an initialize POST, and only within the caps. */
async function startSession(deps: McpEndpointDeps, req: IncomingMessage, res: ServerResponse, serverId: string, grant: string): Promise<void> {
  if (req.method !== 'POST') throw new HttpError(400, 'Bad Request: Mcp-Session-Id header is required');
  // Refused before its body is buffered or anything is spawned; the place is held until the session is registered.
  const slot = admit(deps.sessions, grant);
  try {
    const body = await readJsonBody(req, deps.maxBodyBytes());
    if (!isInitializeRequest(body)) throw new HttpError(400, 'Bad Request: Mcp-Session-Id header is required (only initialize may start a session)');
    const session = await openSession(deps, serverId, grant, boundInitialize(body.params as InitializeParams));
    const bufferLimit = deps.maxStreamBufferBytes?.();
    if (bufferLimit) session.transport.maxBufferedBytes = bufferLimit;
    await session.transport.handleRequest(req, res, body);
    // initialize failed inside the transport (bad protocol version …): nothing to keep.
    if (!session.id) await session.close();
  } finally {
    slot.release();
  }
}

/** 429 for the grant's own cap, 503 for the gateway's: the body names the cap, its value and its setting. */
function admit(sessions: SessionRegistry, grant: string) {
  try {
    return sessions.admit(grant);
  } catch (error) {
    if (!(error instanceof SessionCapError)) throw error;
    const status = error.cap === 'sessions-per-grant' ? 429 : 503;
    throw new HttpError(status, error.message, -32000, {}, { cap: error.cap, limit: error.limit, setting: error.setting });
  }
}

/** Each session's client transport, built here and handed to the session (session/ does not import downstream/). */
const leanTransportOpener =
  (deps: McpEndpointDeps): OpenClientTransport =>
  (events) =>
    new LeanHttpTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: () => events.onInitialized(),
      onsessionclosed: () => events.onClosed(),
      beforeAnswer: deps.beforeAnswer,
    });

async function openSession(deps: McpEndpointDeps, serverId: string, grant: string, initialize: InitializeParams): Promise<GatewaySession> {
  const server = serverId === ALL_SERVERS ? undefined : deps.server(serverId);
  if (serverId !== ALL_SERVERS && !server) throw new HttpError(404, `Unknown server '${serverId}'`, -32001);
  const options: SessionOptions = {
    grant,
    gate: deps.gate(),
    auth: deps.auth,
    whenSignedIn: deps.whenSignedIn,
    initialize,
    callTimeoutMs: deps.callTimeoutMs(server),
    openTransport: leanTransportOpener(deps),
    onInitialized: (s) => {
      deps.sessions.add(s);
      deps.onSessionOpened?.(s);
    },
    onClosed: (s) => {
      deps.sessions.remove(s);
      deps.onSessionClosed?.(s);
    },
  };
  try {
    return server ? await ProxySession.open(server, options) : await AggregateSession.open(deps.servers(), options);
  } catch (error) {
    const signIn = toNeedsSignIn(error, serverId);
    if (signIn) throw new HttpError(502, signIn.message, -32603);
    throw new HttpError(502, `Upstream server '${serverId === ALL_SERVERS ? 'all' : serverId}' is unavailable: ${(error as Error).message}`, -32603);
  }
}

function trackStream(session: GatewaySession, res: ServerResponse): void {
  session.openStreams++;
  res.once('close', () => {
    session.openStreams--;
    session.touch();
  });
}
