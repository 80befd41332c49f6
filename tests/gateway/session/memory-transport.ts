// The client's end of a session's transport, in memory: what the session sent (and on which
// request's stream), and a way to send it messages. Implements ClientTransport as the lean
// HTTP transport does, minus HTTP.
import type { JSONRPCMessage, JSONRPCRequest, RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { ClientTransport, ClientTransportEvents, OpenClientTransport } from '../../../electron/gateway/session/client-transport.js';

export class MemoryTransport implements ClientTransport {
  readonly sessionId: string;
  requestsInFlight = 0;
  maxBufferedBytes = 1024;
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  readonly sent: Array<{ message: JSONRPCMessage; relatedRequestId?: RequestId }> = [];
  private nextId = 1;

  constructor(readonly events: ClientTransportEvents, sessionId = 'sess-1') {
    this.sessionId = sessionId;
  }

  async send(message: JSONRPCMessage, options?: { relatedRequestId?: RequestId }): Promise<number> {
    this.sent.push({ message, relatedRequestId: options?.relatedRequestId });
    return JSON.stringify(message).length;
  }

  async handleRequest(): Promise<void> {}

  async close(): Promise<void> {
    this.onclose?.();
  }

  /** The client ends the session, as its DELETE does on the HTTP transport. */
  endSession(): void {
    this.events.onClosed();
  }

  /** The message sent on, for the client. */
  fromClient(message: JSONRPCMessage): void {
    this.onmessage!(message);
  }

  /** Sends a request as the client and waits (bounded) for the session's answer. */
  async ask(method: string, params: Record<string, unknown> = {}): Promise<{ result?: Record<string, unknown>; error?: { code: number; message: string } }> {
    const id = `c${this.nextId++}`;
    this.fromClient({ jsonrpc: '2.0', id, method, params } as JSONRPCRequest);
    return this.answer(id) as Promise<{ result?: Record<string, unknown>; error?: { code: number; message: string } }>;
  }

  /** The answer to request `id`, once it has gone out (waits up to 5 s). */
  async answer(id: RequestId): Promise<Record<string, unknown>> {
    const until = Date.now() + 5_000;
    while (Date.now() < until) {
      const found = this.sent.find((s) => 'id' in s.message && s.message.id === id && ('result' in s.message || 'error' in s.message));
      if (found) return found.message as unknown as Record<string, unknown>;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    throw new Error(`no answer to ${String(id)}`);
  }

  /** Requests and notifications the session sent the client with this method. */
  messages(method: string): JSONRPCMessage[] {
    return this.sent.map((s) => s.message).filter((m) => 'method' in m && m.method === method);
  }
}

/** An OpenClientTransport that remembers the transport it opened. */
export function memoryTransports(): { open: OpenClientTransport; get last(): MemoryTransport } {
  let last: MemoryTransport | undefined;
  return {
    open: (events) => (last = new MemoryTransport(events)),
    get last() {
      if (!last) throw new Error('no transport opened yet');
      return last;
    },
  };
}
