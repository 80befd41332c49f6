// Keeps a session's upstream connection alive across crashes: a lost upstream is
// reopened with exponential backoff; requests wait (bounded) for the replacement.
//
// The backoff does not start over because a new process answered initialize: a server that
// exits right after it would otherwise be respawned several times a second for ever. Only a
// connection that stayed up `stableMs` clears the streak of failures; after
// `maxQuickFailures` in a row (lost soon after starting, or not started at all) the session
// stops restarting it and says so.
import type { ServerConfig } from '../../../shared/config.js';
import type { TransportLink } from '../upstream/connect-upstream.js';
import { DownstreamError, ErrorCodes } from '../util/json-rpc-error.js';
import { describeLoss } from '../upstream/upstream-errors.js';

export interface RestartPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** Failures in a row (a quick loss, or a failed reconnect) after which restarting stops. */
  maxQuickFailures: number;
  /** A connection up at least this long when lost starts the streak afresh. */
  stableMs: number;
}

export const RESTART_POLICY: RestartPolicy = { firstDelayMs: 250, maxDelayMs: 15_000, maxQuickFailures: 6, stableMs: 30_000 };

export class ReconnectingUpstream<Link extends TransportLink = TransportLink> {
  current?: Link;
  lastError?: string;
  /** Set while no connection can be made until a person signs in (OAuth): requests get this error. */
  waitingForSignIn?: Error;
  private pending?: Promise<Link>;
  private stopped = false;
  /** Failures since the last connection that stayed up stableMs. */
  private failures = 0;
  private gaveUp = false;
  private connectedAt = 0;

  constructor(
    private readonly server: ServerConfig,
    first: Link | Error,
    private readonly reconnect: () => Promise<Link>,
    private readonly onGiveUp: () => void,
    private readonly policy: RestartPolicy = RESTART_POLICY,
  ) {
    if (first instanceof Error) this.waitingForSignIn = first;
    else this.adopt(first);
  }

  /** The person has signed in: connect now. */
  async resume(): Promise<Link> {
    const link = await this.reconnect();
    this.waitingForSignIn = undefined;
    this.adopt(link);
    return link;
  }

  private adopt(link: Link): void {
    this.current = link;
    this.connectedAt = performance.now();
    void link.closed.then(() => {
      if (link.closing || this.stopped || this.current !== link) return;
      this.current = undefined;
      this.lastError = describeLoss(link);
      if (performance.now() - this.connectedAt >= this.policy.stableMs) this.failures = 0;
      this.pending = this.reconnectWithBackoff();
      this.pending.catch(() => undefined);
    });
  }

  private async reconnectWithBackoff(): Promise<Link> {
    while (!this.stopped && ++this.failures < this.policy.maxQuickFailures) {
      const delay = Math.min(this.policy.firstDelayMs * 2 ** (this.failures - 1), this.policy.maxDelayMs);
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
      if (this.stopped) break;
      try {
        const link = await this.reconnect();
        if (this.stopped) {
          await link.close();
          break;
        }
        this.adopt(link);
        this.pending = undefined;
        return link;
      } catch (error) {
        this.lastError = (error as Error).message;
      }
    }
    if (!this.stopped) {
      this.gaveUp = true;
      this.onGiveUp();
    }
    throw this.unavailable();
  }

  /** The live connection, waiting up to `timeoutMs` for one being reopened. */
  async ready(timeoutMs: number): Promise<Link> {
    if (this.current) return this.current;
    if (this.waitingForSignIn) throw this.waitingForSignIn;
    if (!this.pending || this.stopped) throw this.unavailable();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.unavailable()), timeoutMs);
    });
    try {
      return await Promise.race([this.pending, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private unavailable(): DownstreamError {
    const why = this.lastError ?? 'not connected';
    if (!this.gaveUp) return new DownstreamError(ErrorCodes.connectionClosed, `Upstream server '${this.server.id}' is unavailable: ${why}`);
    return new DownstreamError(
      ErrorCodes.connectionClosed,
      `Upstream server '${this.server.id}' is unavailable: it failed ${this.policy.maxQuickFailures} times in a row, each time within ` +
        `${Math.round(this.policy.stableMs / 1000)} s of starting, so Portcullis stopped restarting it for this session (last: ${why}). ` +
        `Fix the server, then start a new session.`,
    );
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.current?.close();
    this.current = undefined;
  }
}
