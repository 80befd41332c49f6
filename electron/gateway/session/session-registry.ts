// The live downstream sessions, by session id; the caps on how many a grant (and everyone)
// may hold; and the reaper that closes idle ones (a client that vanished without DELETE would
// otherwise keep its upstream process forever).
//
// A session counts against the caps from the moment it is admitted, before its upstream is
// spawned: a burst of initialize requests cannot slip past the cap while the first ones are
// still starting their processes.
import { DEFAULT_SETTINGS } from '../../../shared/config.js';
import type { GatewaySession } from './gateway-session.js';

export interface SessionLimits {
  maxSessionsPerGrant: number;
  maxSessions: number;
  /** 0: never reap. */
  sessionIdleMinutes: number;
}

export type SessionCap = 'sessions-per-grant' | 'sessions';

/** Refused: a cap is reached. Names the cap, its value and the setting that raises it. */
export class SessionCapError extends Error {
  constructor(readonly cap: SessionCap, readonly limit: number, readonly setting: keyof SessionLimits, message: string) {
    super(message);
  }
}

/** A place held for a session being opened; give it back once the session is registered (or failed). */
export interface SessionSlot {
  release(): void;
}

const MAX_REAP_INTERVAL_MS = 60_000;
const MIN_REAP_INTERVAL_MS = 100;

export class SessionRegistry {
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly liveByGrant = new Map<string, number>();
  private readonly openingByGrant = new Map<string, number>();
  private opening = 0;
  private reaper?: NodeJS.Timeout;
  private stopped = false;

  /** `limits` is read at each admission and reaper round: settings changes apply at once. */
  constructor(private readonly limits: () => SessionLimits = () => DEFAULT_SETTINGS) {
    this.scheduleReap();
  }

  /** Holds a place for a new session of `grant`, or throws SessionCapError when a cap is reached. */
  admit(grant: string): SessionSlot {
    const { maxSessionsPerGrant, maxSessions } = this.limits();
    const held = (this.liveByGrant.get(grant) ?? 0) + (this.openingByGrant.get(grant) ?? 0);
    if (held >= maxSessionsPerGrant) {
      throw new SessionCapError(
        'sessions-per-grant',
        maxSessionsPerGrant,
        'maxSessionsPerGrant',
        `Too many sessions: grant '${grant}' already has ${held} open sessions, the most one grant may hold (maxSessionsPerGrant = ${maxSessionsPerGrant}). ` +
          `End unused sessions (DELETE; idle ones close after sessionIdleMinutes) or raise the setting maxSessionsPerGrant (Portcullis's settings, in config.json).`,
      );
    }
    const total = this.sessions.size + this.opening;
    if (total >= maxSessions) {
      throw new SessionCapError(
        'sessions',
        maxSessions,
        'maxSessions',
        `Too many sessions: ${total} sessions are open in Portcullis, the most it holds at once (maxSessions = ${maxSessions}). ` +
          `Try again later, or raise the setting maxSessions (Portcullis's settings, in config.json).`,
      );
    }
    bump(this.openingByGrant, grant, 1);
    this.opening++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        bump(this.openingByGrant, grant, -1);
        this.opening--;
      },
    };
  }

  add(session: GatewaySession): void {
    if (!session.id || this.sessions.has(session.id)) return;
    this.sessions.set(session.id, session);
    bump(this.liveByGrant, session.grant, 1);
  }

  remove(session: GatewaySession): void {
    if (!session.id || this.sessions.get(session.id) !== session) return;
    this.sessions.delete(session.id);
    bump(this.liveByGrant, session.grant, -1);
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

  /** The setting is read on every round, so a change applies within a minute without a restart. */
  private scheduleReap(every = MIN_REAP_INTERVAL_MS): void {
    if (this.stopped) return;
    this.reaper = setTimeout(() => {
      const idleMs = this.limits().sessionIdleMinutes * 60_000;
      if (idleMs > 0) this.reapIdle(idleMs);
      this.scheduleReap(idleMs > 0 ? Math.min(MAX_REAP_INTERVAL_MS, Math.max(MIN_REAP_INTERVAL_MS, idleMs / 4)) : MAX_REAP_INTERVAL_MS);
    }, every).unref();
  }

  private reapIdle(idleMs: number): void {
    const cutoff = Date.now() - idleMs;
    for (const session of this.sessions.values()) {
      if (session.openStreams === 0 && session.transport.requestsInFlight === 0 && session.lastActivity() <= cutoff) void session.close();
    }
  }

  async closeAll(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reaper);
    await this.closeWhere(() => true);
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
