// The registry's caps (held from admission) and its idle reaper (at the configured time, read live).
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { SessionCapError, SessionRegistry, type SessionLimits } from '../../../electron/gateway/session/session-registry.js';
import type { GatewaySession } from '../../../electron/gateway/session/gateway-session.js';

/** Just enough of a session for the registry: id, grant, activity, streams, close(). */
function fakeSession(registry: SessionRegistry, id: string, grant = 'g'): GatewaySession & { closes: number } {
  let last = Date.now();
  const session = {
    id,
    grant,
    serverId: 's',
    openStreams: 0,
    transport: { requestsInFlight: 0 },
    isClosed: false,
    closes: 0,
    lastActivity: () => last,
    touch: () => {
      last = Date.now();
    },
    close: async () => {
      session.closes++;
      session.isClosed = true;
      registry.remove(session as unknown as GatewaySession);
    },
  };
  return session as unknown as GatewaySession & { closes: number };
}

let registry: SessionRegistry | undefined;
afterEach(async () => {
  await registry?.closeAll();
  registry = undefined;
  vi.useRealTimers();
});

describe('caps', () => {
  const limits: SessionLimits = { maxSessionsPerGrant: 2, maxSessions: 3, sessionIdleMinutes: 0 };

  test('places held while sessions open count against the grant and the total', () => {
    registry = new SessionRegistry(() => limits);
    const a = registry.admit('g');
    registry.admit('g');
    expect(() => registry!.admit('g')).toThrow(SessionCapError);
    a.release();
    a.release(); // twice is once
    registry.admit('g');
    registry.admit('h');
    const error = (() => {
      try {
        registry!.admit('h');
      } catch (e) {
        return e as SessionCapError;
      }
    })();
    expect(error).toMatchObject({ cap: 'sessions', limit: 3, setting: 'maxSessions' });
  });

  test('registered sessions count until removed', () => {
    registry = new SessionRegistry(() => limits);
    const one = fakeSession(registry, 'one');
    const two = fakeSession(registry, 'two');
    registry.add(one);
    registry.add(two);
    expect(() => registry!.admit('g')).toThrow(/grant 'g' already has 2 open sessions.*maxSessionsPerGrant = 2/);
    registry.remove(one);
    expect(() => registry!.admit('g')).not.toThrow();
  });
});

describe('idle reaping', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });

  test('a session idle for sessionIdleMinutes is closed then, not before; one with activity, an open stream or a call in flight is kept', async () => {
    const limits: SessionLimits = { maxSessionsPerGrant: 10, maxSessions: 10, sessionIdleMinutes: 5 };
    registry = new SessionRegistry(() => limits);
    const idle = fakeSession(registry, 'idle');
    const busy = fakeSession(registry, 'busy');
    const listening = fakeSession(registry, 'listening');
    listening.openStreams = 1;
    const working = fakeSession(registry, 'working');
    (working.transport as { requestsInFlight: number }).requestsInFlight = 1; // a long call in flight
    for (const s of [idle, busy, listening, working]) registry.add(s);

    await vi.advanceTimersByTimeAsync(4 * 60_000);
    busy.touch();
    expect(idle.closes).toBe(0);

    // The reaper looks every idle/4 (75 s here), so the session goes within that of its time.
    await vi.advanceTimersByTimeAsync(60_000 + 75_000);
    expect(idle.closes).toBe(1);
    expect(busy.closes).toBe(0);
    expect(listening.closes).toBe(0);
    expect(working.closes).toBe(0);
    expect(registry.get('idle')).toBeUndefined();

    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(busy.closes).toBe(1);
    expect(listening.closes).toBe(0);
  });

  test('0 never reaps; a changed setting applies without a restart', async () => {
    const limits: SessionLimits = { maxSessionsPerGrant: 10, maxSessions: 10, sessionIdleMinutes: 0 };
    registry = new SessionRegistry(() => limits);
    const session = fakeSession(registry, 'one');
    registry.add(session);
    await vi.advanceTimersByTimeAsync(24 * 60 * 60_000);
    expect(session.closes).toBe(0);

    limits.sessionIdleMinutes = 1;
    await vi.advanceTimersByTimeAsync(60_000 + 15_000);
    expect(session.closes).toBe(1);
  });
});
