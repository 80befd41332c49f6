// What every session kind shares, through the smallest concrete session: a downstream channel
// on an in-memory transport and no upstream.
import { describe, expect, it } from 'vitest';
import { ChannelSession } from '../../../electron/gateway/session/channel-session.js';
import { DownstreamChannel } from '../../../electron/gateway/session/downstream-channel.js';
import { MemoryTransport } from './memory-transport.js';

class BareSession extends ChannelSession {
  readonly serverId = 'srv';
  protected readonly downstream: DownstreamChannel;
  constructor(sessionId: string | undefined) {
    super('laptop', { name: 'Cursor', version: '1.7.0' });
    this.downstream = new DownstreamChannel({
      serverInfo: { name: 'bare', version: '0' },
      capabilities: {},
      openTransport: (events) => Object.assign(new MemoryTransport(events), { sessionId }),
      onRequest: async () => ({}),
      onNotification: async () => undefined,
      onInitialized: () => undefined,
      onClosed: () => undefined,
    });
  }
  /** The context for another server, as the aggregate endpoint asks for. */
  contextOf(serverId: string) {
    return this.contextFor(serverId);
  }
  async close(): Promise<void> {
    this.closed = true;
    await this.downstream.close();
  }
}

describe('ChannelSession', () => {
  it("takes its id and transport from the downstream channel", () => {
    const session = new BareSession('sess-9');
    expect(session.id).toBe('sess-9');
    expect(session.transport).toBeInstanceOf(MemoryTransport);
    expect(session.openStreams).toBe(0);
  });

  it('gives the gate its server, grant, session id and client; an empty session id before the transport has one', () => {
    expect(new BareSession('sess-9').context).toEqual({ serverId: 'srv', grant: 'laptop', sessionId: 'sess-9', clientInfo: { name: 'Cursor', version: '1.7.0' } });
    expect(new BareSession(undefined).context.sessionId).toBe('');
    expect(new BareSession('sess-9').contextOf('other').serverId).toBe('other');
  });

  it('reads and marks activity on the downstream channel', async () => {
    const session = new BareSession('sess-9');
    const before = session.lastActivity();
    await new Promise((resolve) => setTimeout(resolve, 5));
    session.touch();
    expect(session.lastActivity()).toBeGreaterThan(before);
  });

  it('is closed once closed', async () => {
    const session = new BareSession('sess-9');
    expect(session.isClosed).toBe(false);
    await session.close();
    expect(session.isClosed).toBe(true);
  });
});
