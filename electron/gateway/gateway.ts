// The gateway core, assembled: config store → HTTP front → sessions → gate → upstreams.
// Runs headless (`portcullis serve`) and inside the Electron main process alike.
import { EventEmitter } from 'node:events';
import type { ServerConfig, ServerStatus } from '../../shared/config.js';
import { ConfigStore } from './store/config-store.js';
import { GrantLastSeen } from './config/grant-last-seen.js';
import { ConnectionGrants, findGrant } from './auth/grant-tokens.js';
import { WINDOW_TOKEN_PREFIX, WindowTokens } from './auth/window-tokens.js';
import { HttpFront } from './downstream/http-server.js';
import { handleMcpRequest, type McpEndpointDeps } from './downstream/mcp-endpoint.js';
import { SessionRegistry } from './session/session-registry.js';
import { openGate, type CallGate, type SessionContext } from './gate/call-gate.js';
import { ServerSupervisor, type UpstreamListing } from './upstream/server-supervisor.js';
import { CatalogIdentity } from './upstream/list-upstream.js';
import { UpstreamOAuth } from './upstream/oauth/index.js';
import type { SecretBox } from './store/secret-box.js';

export interface GatewayOptions {
  dataDir: string;
  /** Overrides the port in settings; 0 picks a free one. */
  port?: number;
  host?: string;
  gate?: CallGate;
  /** Start the gateway's own upstream connections (status, catalog). Default true. */
  superviseUpstreams?: boolean;
  /** Open the HTTP listener (/mcp, /api). Default true; the CLI opens the core without one when no gateway runs. */
  listen?: boolean;
  /** Seals OAuth sign-ins and upstream env values and headers in config.json (Electron's safeStorage); headless, plain in 0600 files. */
  secrets?: SecretBox;
  /** Host values to answer to besides loopback and the bound host: the name a load balancer in front is reached by. */
  allowHosts?: readonly string[];
  /** Runs just before each answer is written to a client: the call log writes its pending records. */
  beforeAnswer?: () => void;
}

export interface GatewayEventMap {
  'server-status': [ServerStatus];
  listing: [string, UpstreamListing];
  'config-changed': [];
  'session-opened': [SessionContext];
  'session-closed': [SessionContext];
}

export class Gateway extends EventEmitter<GatewayEventMap> {
  readonly sessions = new SessionRegistry(() => this.config.settings);
  /** Sign-in for HTTP upstreams that need OAuth; tokens never reach downstream clients. */
  readonly oauth: UpstreamOAuth;
  private readonly supervisors = new Map<string, ServerSupervisor>();
  /** The catalog connections introduce themselves as the last client seen. */
  private readonly catalogIdentity = new CatalogIdentity();
  private readonly http: HttpFront;
  private closed = false;

  private constructor(readonly config: ConfigStore, private readonly options: GatewayOptions, private gate: CallGate) {
    super();
    this.lastSeen = new GrantLastSeen(config);
    const settings = config.settings;
    this.oauth = new UpstreamOAuth({
      dataDir: options.dataDir,
      box: options.secrets,
      onNeedsSignIn: (error) => this.supervisors.get(error.serverId)?.needsSignIn(error),
    });
    this.http = new HttpFront({
      host: options.host ?? settings.host,
      port: options.port ?? settings.port,
      extraHosts: options.allowHosts,
      authenticate: (token, connection) => this.authenticate(token, connection),
      mcp: (req, res, serverId, grant) => handleMcpRequest(this.mcpDeps, req, res, serverId, grant),
    });
  }

  /** What the /mcp endpoints need, built once (not per request). */
  private readonly mcpDeps: McpEndpointDeps = {
    sessions: this.sessions,
    server: (id: string) => this.config.server(id),
    servers: () => this.config.data.servers,
    gate: () => this.gate,
    auth: (server: ServerConfig) => this.oauth.transportAuth(server),
    whenSignedIn: (serverId: string, listener: () => void) => this.oauth.onSignedIn(serverId, listener),
    maxBodyBytes: () => this.config.settings.maxBodyBytes,
    maxStreamBufferBytes: () => this.config.settings.maxStreamBufferBytes,
    callTimeoutMs: (server?: ServerConfig) => (server?.callTimeoutSeconds ?? this.config.settings.callTimeoutSeconds) * 1000,
    beforeAnswer: () => this.options.beforeAnswer?.(),
    onSessionOpened: (s) => {
      this.catalogIdentity.remember(s.clientInfo);
      this.countSessions(s.serverId);
      this.emit('session-opened', s.context);
    },
    onSessionClosed: (s) => {
      this.countSessions(s.serverId);
      this.emit('session-closed', s.context);
    },
  };

  private lastGrantReload = 0;
  private readonly grants = new ConnectionGrants();
  /** Credentials the Api's tryCall issues for one call from the window (bound to a grant, short-lived). */
  readonly windowTokens = new WindowTokens();
  /** When each grant was last used: noted per request, written to config.json at most once a minute. */
  readonly lastSeen: GrantLastSeen;

  /**
   * The grant a token belongs to. A token not known yet may come from a grant another
   * process (the CLI) has just written: re-read config.json once before refusing (at most
   * every 250 ms, so a flood of bad tokens cannot turn into a flood of reads).
   */
  private authenticate(token: string, connection: object): string | undefined | Promise<string | undefined> {
    if (token.startsWith(WINDOW_TOKEN_PREFIX)) return this.windowGrant(token);
    const known = this.grants.find(this.config.data.grants, token, connection)?.name;
    if (known) {
      this.lastSeen.note(known);
      return known;
    }
    if (Date.now() - this.lastGrantReload < 250) return undefined;
    return this.reloadGrantsAndFind(token);
  }

  /** A window token counts only while its grant still exists (a revoked grant ends its tries too). */
  private windowGrant(token: string): string | undefined {
    const grant = this.windowTokens.find(token);
    return grant !== undefined && this.config.data.grants.some((g) => g.name === grant) ? grant : undefined;
  }

  /** A token made a moment ago by another process (the CLI) is in the file before we have reloaded it. */
  private async reloadGrantsAndFind(token: string): Promise<string | undefined> {
    this.lastGrantReload = Date.now();
    await this.config.reload();
    const name = findGrant(this.config.data.grants, token)?.name;
    if (name) this.lastSeen.note(name);
    return name;
  }

  static async start(options: GatewayOptions): Promise<Gateway> {
    const config = await ConfigStore.open(options.dataDir, { secrets: options.secrets });
    const gateway = new Gateway(config, options, options.gate ?? openGate);
    if (options.listen !== false) await gateway.http.listen();
    config.watch(() => void gateway.reconcile());
    await gateway.reconcile();
    return gateway;
  }

  get port(): number {
    return this.http.port;
  }

  get url(): string {
    return this.http.origin;
  }

  endpoint(serverId: string): string {
    return `${this.url}/mcp/${encodeURIComponent(serverId)}`;
  }

  /** The aggregate endpoint: every server, tools named `<server>__<tool>`. */
  get aggregateEndpoint(): string {
    return `${this.url}/mcp`;
  }

  /** Routes beside /mcp on the same listener (the headless host's Api and UI). */
  mount(handler: Parameters<HttpFront['mount']>[0]): void {
    this.http.mount(handler);
  }

  setGate(gate: CallGate): void {
    this.gate = gate;
  }

  /** Stops and restarts one server's upstreams: its gateway connection and every session on it. */
  async restart(serverId: string): Promise<void> {
    const supervisor = this.supervisors.get(serverId);
    this.supervisors.delete(serverId);
    await supervisor?.stop();
    await this.sessions.closeWhere((s) => s.serverId === serverId);
    await this.reconcile();
  }

  status(serverId: string): ServerStatus | undefined {
    return this.supervisors.get(serverId)?.snapshot();
  }

  statuses(): ServerStatus[] {
    return [...this.supervisors.values()].map((s) => s.snapshot());
  }

  /** Brings running upstreams in line with config.json: start new servers, stop removed or changed ones. */
  async reconcile(): Promise<void> {
    if (this.closed) return;
    const wanted = new Map(this.config.data.servers.map((s) => [s.id, s]));
    for (const [id, supervisor] of this.supervisors) {
      const next = wanted.get(id);
      if (next && sameUpstream(next, supervisor.config)) continue;
      this.supervisors.delete(id);
      await supervisor.stop();
      // Sessions of a removed or reconfigured server end; clients re-initialize (they get 404).
      await this.sessions.closeWhere((s) => s.serverId === id);
    }
    if (this.options.superviseUpstreams !== false) {
      for (const [id, server] of wanted) {
        if (this.supervisors.has(id)) continue;
        const supervisor = new ServerSupervisor(
          server,
          {
            onStatus: (status) => this.emit('server-status', status),
            onListing: (serverId, listing) => this.emit('listing', serverId, listing),
            identity: () => this.catalogIdentity.current(),
          },
          this.oauth,
        );
        this.supervisors.set(id, supervisor);
        supervisor.start();
      }
    }
    this.emit('config-changed');
  }

  private countSessions(serverId: string): void {
    const supervisor = this.supervisors.get(serverId);
    if (supervisor) supervisor.sessions = this.sessions.countFor(serverId);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lastSeen.flush().catch(() => undefined);
    this.config.close();
    await this.http.close();
    await this.sessions.closeAll();
    await Promise.all([...this.supervisors.values()].map((s) => s.stop()));
    this.supervisors.clear();
    this.oauth.close();
  }
}

function sameUpstream(a: ServerConfig, b: ServerConfig): boolean {
  return JSON.stringify(a.upstream) === JSON.stringify(b.upstream) && a.callTimeoutSeconds === b.callTimeoutSeconds;
}
