// The gateway's own connection to one upstream server: it tells whether the server is
// healthy (status, last error, stderr tail), restarts it with backoff when it dies, and
// keeps the tool catalog fresh (initial lists, then on every list_changed).
import type { ServerConfig, ServerStatus } from '../../../shared/config.js';
import { connectUpstream, type UpstreamLink } from './connect-upstream.js';
import { answerAsCatalogClient, COMMON_CLIENT, listUpstream, type ClientIdentity, type UpstreamListing } from './list-upstream.js';
import { describeLoss } from './upstream-errors.js';
import { toNeedsSignIn, type NeedsSignInError, type UpstreamOAuth } from './oauth/index.js';

export type { UpstreamListing } from './list-upstream.js';

export interface SupervisorEvents {
  onStatus(status: ServerStatus): void;
  onListing(serverId: string, listing: UpstreamListing): void;
  /** How the catalog connection introduces itself (like an ordinary client: see list-upstream.ts). */
  identity?(): ClientIdentity;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 60_000;
/** Only a connection up this long starts the backoff afresh (not one that answered initialize and died). */
const STABLE_MS = 30_000;

export class ServerSupervisor {
  private link?: UpstreamLink;
  private status: ServerStatus;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;
  private connectedAt = 0;
  /** Set while waiting for a person to sign in: stops listening for it. */
  private stopWaiting?: () => void;
  sessions = 0;

  constructor(readonly config: ServerConfig, private readonly events: SupervisorEvents, private readonly oauth?: UpstreamOAuth) {
    this.status = { id: config.id, state: 'connecting', stderrTail: [], restarts: 0, sessions: 0, since: new Date().toISOString() };
  }

  start(): void {
    void this.connect();
  }

  snapshot(): ServerStatus {
    return { ...this.status, sessions: this.sessions, stderrTail: this.link?.stdio?.stderr.snapshot() ?? this.status.stderrTail };
  }

  private setStatus(patch: Partial<ServerStatus>): void {
    const stateChanged = patch.state !== undefined && patch.state !== this.status.state;
    this.status = { ...this.status, ...patch, ...(stateChanged ? { since: new Date().toISOString() } : {}) };
    this.events.onStatus(this.snapshot());
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.setStatus({ state: 'connecting' });
    try {
      const { clientInfo, capabilities } = this.events.identity?.() ?? COMMON_CLIENT;
      const link = await connectUpstream(this.config.upstream, {
        clientInfo,
        auth: this.oauth?.transportAuth(this.config),
        capabilities,
        configure: (client) => {
          answerAsCatalogClient(client, 'this client');
          client.fallbackNotificationHandler = async (notification) => {
            if (/^notifications\/(tools|prompts|resources)\/list_changed$/.test(notification.method)) await this.refreshListing();
          };
        },
      });
      if (this.stopped) {
        await link.close();
        return;
      }
      this.link = link;
      this.connectedAt = performance.now();
      void link.closed.then(() => this.handleClosed(link));
      await this.refreshListing();
      this.setStatus({ state: 'ready', lastError: undefined });
    } catch (error) {
      const signIn = toNeedsSignIn(error, this.config.id);
      if (signIn) return this.needsSignIn(signIn);
      this.setStatus({ state: 'failed', lastError: (error as Error).message });
      this.scheduleRestart();
    }
  }

  /**
   * A person must sign in (the message names the scope the server asked for): no restarts
   * meanwhile; once someone has, list again (a server may have let the catalog connection
   * initialize anonymously and asked only for its tools) or connect. A server that kept
   * refusing a scope sign-ins asked for is 'failed' instead: asking again would loop.
   */
  needsSignIn(error: NeedsSignInError): void {
    if (this.stopped) return;
    this.setStatus({ state: error.reason === 'scope-refused' ? 'failed' : 'needs-sign-in', lastError: error.message });
    this.stopWaiting ??= this.oauth?.onSignedIn(this.config.id, () => {
      this.stopWaiting?.();
      this.stopWaiting = undefined;
      if (this.link) void this.relistAfterSignIn();
      else void this.connect();
    });
  }

  private async relistAfterSignIn(): Promise<void> {
    try {
      await this.refreshListing();
      if (!this.stopped) this.setStatus({ state: 'ready', lastError: undefined });
    } catch (error) {
      const signIn = toNeedsSignIn(error, this.config.id);
      if (signIn) return this.needsSignIn(signIn);
      this.setStatus({ state: 'failed', lastError: (error as Error).message });
    }
  }

  private handleClosed(link: UpstreamLink): void {
    if (link.closing || this.stopped || this.link !== link) return;
    this.link = undefined;
    if (performance.now() - this.connectedAt >= STABLE_MS) this.failures = 0;
    this.setStatus({ state: 'failed', lastError: `upstream ${describeLoss(link)}`, stderrTail: link.stdio?.stderr.snapshot() ?? [] });
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    // One restart per loss: a link lost while its listing runs fails connect() and closes too.
    if (this.stopped || this.retryTimer) return;
    const delay = Math.min(FIRST_DELAY_MS * 2 ** this.failures, MAX_DELAY_MS);
    this.failures++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.setStatus({ restarts: this.status.restarts + 1 });
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  /** Re-reads tools, prompts and resource templates (whichever the server offers). */
  async refreshListing(): Promise<void> {
    const link = this.link;
    if (!link) return;
    this.events.onListing(this.config.id, await listUpstream(link));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.stopWaiting?.();
    await this.link?.close();
    this.link = undefined;
    this.setStatus({ state: 'stopped' });
  }
}
