// What every session kind shares: a downstream channel to its client, and the bookkeeping the
// endpoint and the registry read (id, activity, open streams). Subclasses add the upstream side.
import type { DownstreamChannel } from './downstream-channel.js';
import type { SessionContext } from '../gate/call-gate.js';
import type { GatewaySession, InitializeParams } from './gateway-session.js';
import type { ClientTransport } from './client-transport.js';

export abstract class ChannelSession implements GatewaySession {
  abstract readonly serverId: string;
  openStreams = 0;
  protected closed = false;
  protected abstract readonly downstream: DownstreamChannel;

  constructor(
    readonly grant: string,
    readonly clientInfo: InitializeParams['clientInfo'],
  ) {}

  get transport(): ClientTransport {
    return this.downstream.transport;
  }

  get id(): string | undefined {
    return this.downstream.sessionId;
  }

  get context(): SessionContext {
    return this.contextFor(this.serverId);
  }

  /** The context the gate sees for a call to `serverId` (the aggregate endpoint names the real server). */
  protected contextFor(serverId: string): SessionContext {
    return { serverId, grant: this.grant, sessionId: this.id ?? '', clientInfo: this.clientInfo };
  }

  get isClosed(): boolean {
    return this.closed;
  }

  lastActivity(): number {
    return this.downstream.lastActivity;
  }

  touch(): void {
    this.downstream.lastActivity = Date.now();
  }

  abstract close(): Promise<void>;
}
