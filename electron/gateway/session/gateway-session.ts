// What the HTTP endpoint and the session registry need of a session, whichever kind it is:
// one server (/mcp/<id>) or every server at once (/mcp, the aggregate endpoint).
import type { Implementation } from '@modelcontextprotocol/sdk/types.js';
import type { ClientTransport } from './client-transport.js';
import type { SessionContext } from '../gate/call-gate.js';

/** The serverId of aggregate sessions. */
export const ALL_SERVERS = '*';

export interface GatewaySession {
  readonly transport: ClientTransport;
  /** The server this session fronts, or ALL_SERVERS. */
  readonly serverId: string;
  readonly grant: string;
  readonly clientInfo?: Implementation;
  readonly id: string | undefined;
  readonly isClosed: boolean;
  readonly context: SessionContext;
  /** Open GET streams: a session a client still listens on is not idle. */
  openStreams: number;
  lastActivity(): number;
  touch(): void;
  close(): Promise<void>;
}

export interface InitializeParams {
  protocolVersion?: string;
  capabilities?: import('@modelcontextprotocol/sdk/types.js').ClientCapabilities;
  clientInfo?: Implementation;
}
