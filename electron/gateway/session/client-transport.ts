// What a session needs of its client's transport, and what the HTTP endpoint needs of it in
// turn. downstream/ builds the transport (LeanHttpTransport) and hands a factory in with the
// session's options, so session/ never imports downstream/: the dependency points down.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js';

export interface ClientTransport {
  readonly sessionId?: string;
  /** Client requests not yet answered: a session with one in flight is not idle. */
  readonly requestsInFlight: number;
  /** Bytes a response stream may hold for a client that does not read. */
  maxBufferedBytes: number;
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  /** Resolves with the bytes the message went out as (the call log's result size). */
  send(message: JSONRPCMessage, options?: { relatedRequestId?: RequestId }): Promise<number>;
  handleRequest(req: IncomingMessage, res: ServerResponse, body?: unknown): Promise<void>;
  close(): Promise<void>;
}

/** The session's side of the transport's life: initialize answered, session ended. */
export interface ClientTransportEvents {
  onInitialized(): void;
  onClosed(): void;
}

export type OpenClientTransport = (events: ClientTransportEvents) => ClientTransport;
