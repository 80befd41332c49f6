// Keeps a session's upstream connection alive across crashes: a lost upstream is
// reopened with exponential backoff; requests wait (bounded) for the replacement.
import type { ServerConfig } from '../../../shared/config.js';
import type { UpstreamLink } from '../upstream/connect-upstream.js';
import { DownstreamError, ErrorCodes, describeLoss } from './upstream-errors.js';

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 15_000;
const MAX_ATTEMPTS = 8;

export class ReconnectingUpstream {
  current?: UpstreamLink;
  lastError?: string;
  /** Set while no connection can be made until a person signs in (OAuth): requests get this error. */
  waitingForSignIn?: Error;
  private pending?: Promise<UpstreamLink>;
  private stopped = false;

  constructor(
    private readonly server: ServerConfig,
    first: UpstreamLink | Error,
    private readonly reconnect: () => Promise<UpstreamLink>,
    private readonly onGiveUp: () => void,
  ) {
    if (first instanceof Error) this.waitingForSignIn = first;
    else this.adopt(first);
  }

  /** The person has signed in: connect now. */
  async resume(): Promise<UpstreamLink> {
    const link = await this.reconnect();
    this.waitingForSignIn = undefined;
    this.adopt(link);
    return link;
  }

  private adopt(link: UpstreamLink): void {
    this.current = link;
    void link.closed.then(() => {
      if (link.closing || this.stopped || this.current !== link) return;
      this.current = undefined;
      this.lastError = describeLoss(link);
      this.pending = this.reconnectWithBackoff();
      this.pending.catch(() => undefined);
    });
  }

  private async reconnectWithBackoff(): Promise<UpstreamLink> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS && !this.stopped; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(FIRST_DELAY_MS * 2 ** attempt, MAX_DELAY_MS)).unref());
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
    this.onGiveUp();
    throw this.unavailable();
  }

  /** The live connection, waiting up to `timeoutMs` for one being reopened. */
  async ready(timeoutMs: number): Promise<UpstreamLink> {
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
    return new DownstreamError(ErrorCodes.connectionClosed, `Upstream server '${this.server.id}' is unavailable: ${this.lastError ?? 'not connected'}`);
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.current?.close();
    this.current = undefined;
  }
}
