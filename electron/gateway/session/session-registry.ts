// The live downstream sessions, by session id, and the reaper that closes abandoned ones
// (a client that vanished without DELETE would otherwise keep its upstream process forever).
import type { GatewaySession } from './gateway-session.js';

export class SessionRegistry {
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly reaper: NodeJS.Timeout;

  constructor(private readonly idleMs: number = 30 * 60 * 1000) {
    this.reaper = setInterval(() => this.reapIdle(), Math.min(60_000, idleMs)).unref();
  }

  add(session: GatewaySession): void {
    if (session.id) this.sessions.set(session.id, session);
  }

  remove(session: GatewaySession): void {
    if (session.id && this.sessions.get(session.id) === session) this.sessions.delete(session.id);
  }

  get(id: string): GatewaySession | undefined {
    return this.sessions.get(id);
  }

  all(): GatewaySession[] {
    return [...this.sessions.values()];
  }

  countFor(serverId: string): number {
    let count = 0;
    for (const session of this.sessions.values()) if (session.serverId === serverId) count++;
    return count;
  }

  async closeWhere(predicate: (session: GatewaySession) => boolean): Promise<void> {
    await Promise.all(this.all().filter(predicate).map((session) => session.close()));
  }

  private reapIdle(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const session of this.sessions.values()) {
      if (session.openStreams === 0 && session.lastActivity() < cutoff) void session.close();
    }
  }

  async closeAll(): Promise<void> {
    clearInterval(this.reaper);
    await this.closeWhere(() => true);
  }
}
