// The whole headless application, assembled: config → policies, catalog, approvals and
// call log behind the PolicyToolGate → the gateway. `portcullis serve` and the Electron main
// process both start exactly this, then bind its Api to HTTP or IPC.
import { Gateway } from './gateway.js';
import { PolicyService } from './policy/policy-service.js';
import { CallLog } from './calllog/call-log.js';
import { Catalog } from './catalog/catalog.js';
import { ApprovalBroker, PENDING_LIMITS } from './approvals/approval-broker.js';
import { ApprovalHistory } from './approvals/approval-history.js';
import { PolicyToolGate } from './gate/policy-tool-gate.js';
import { PolicyRequestGate } from './gate/policy-request-gate.js';
import { combineGates } from './gate/call-gate.js';
import { CatalogToolFacts } from './gate/tool-facts.js';
import { EventBus } from './event-bus.js';
import { acquireGatewayLock, type GatewayLock } from './store/gateway-lock.js';
import { removeOwnRuntimeFile } from './store/runtime-file.js';
import { tightenDataDir } from './store/data-dir.js';
import { CallTracing } from './telemetry/call-tracing.js';
import type { TaintMark } from './gate/session-taint.js';
import { VERSION } from '../../shared/version.js';
import type { PinningMode, StoreStatus } from '../../shared/config.js';
import type { TeamStore } from './store/redis/team-store.js';
import type { SecretBox } from './store/secret-box.js';

export interface PortcullisOptions {
  dataDir: string;
  port?: number;
  host?: string;
  /** Start the gateway's own upstream connections (status, catalog). Default true. */
  superviseUpstreams?: boolean;
  /** Open the HTTP listener. Default true; false for the CLI's in-process core (no clients, no runtime.json). */
  listen?: boolean;
  /** How upstream secrets and OAuth tokens are protected at rest (the desktop app passes an OS-keychain box). */
  secrets?: SecretBox;
  /** Host values to answer to besides loopback (`serve --allow-host`): the name a load balancer in front is reached by. */
  allowHosts?: readonly string[];
  /** OTLP/HTTP collector for call spans, over the `otlpEndpoint` setting (`serve --otlp`, PORTCULLIS_OTLP_ENDPOINT). */
  otlpEndpoint?: string;
  /** Team mode: `redis://host:port[/db]` shares counters, approvals, catalog pins and the live feed with other replicas. Absent: this data directory's files. */
  store?: string;
  log?: (message: string) => void;
}

export class Portcullis {
  paused = false;
  /** One gateway per data directory: held from start to close. */
  private lock?: GatewayLock;
  /** Team mode's shared store; undefined on the desktop. */
  private team?: TeamStore;

  private constructor(
    readonly events: EventBus,
    readonly dataDir: string,
    readonly gateway: Gateway,
    readonly policies: PolicyService,
    readonly catalog: Catalog,
    readonly approvals: ApprovalBroker,
    readonly calls: CallLog,
    private readonly gate: PolicyToolGate,
    readonly tracing: CallTracing,
  ) {}

  static async start(options: PortcullisOptions): Promise<Portcullis> {
    const log = options.log ?? (() => undefined);
    // Before anything reads or writes the data directory: a second gateway here is refused.
    await tightenDataDir(options.dataDir);
    // The CLI's core without a listener takes no lock: it serves nobody, and two commands may run at once (as before).
    const lock = options.listen === false ? undefined : await acquireGatewayLock(options.dataDir);
    try {
      const app = await Portcullis.open(options, log);
      app.lock = lock;
      return app;
    } catch (error) {
      await lock?.release();
      throw error;
    }
  }

  private static async open(options: PortcullisOptions, log: (message: string) => void): Promise<Portcullis> {
    const events = new EventBus();
    const state = { paused: () => false };
    // Team mode only: the Redis client is loaded here and nowhere on the desktop path.
    const teamMode = options.store ? await import('./team-mode.js') : undefined;
    const team = options.store && teamMode ? await teamMode.openTeamStore(options.store, log) : undefined;
    const policies = await PolicyService.open(options.dataDir, {
      changed: (serverId) => events.emit('policy-changed', { serverId }),
      refused: (serverId, errors) => {
        log(`policy for '${serverId}' refused: ${errors.map((e) => `${e.path || '(document)'}: ${e.message}`).join('; ')}`);
        events.emit('policy-refused', { serverId, errors });
      },
      warn: log,
    }, team ? { counters: team.counters } : {});
    const calls = await CallLog.open({ dataDir: options.dataDir, onWarning: log });
    const catalog = await Catalog.open(options.dataDir, { onWarning: log });
    const approvals = new ApprovalBroker(undefined, PENDING_LIMITS, { history: await ApprovalHistory.open(options.dataDir, { onWarning: log }) });
    const toolGate = new PolicyToolGate({
      engine: (serverId) => policies.engine(serverId),
      facts: new CatalogToolFacts(catalog),
      pinningMode: (serverId): PinningMode => gateway.config.server(serverId)?.pinning ?? gateway.config.settings.pinningDefault,
      approvals,
      log: calls,
      paused: () => state.paused(),
      anyTaint: () => policies.anyTaint,
    });
    const requestGate = new PolicyRequestGate({ engine: (serverId) => policies.engine(serverId), approvals, log: calls, paused: () => state.paused() });
    const gate = combineGates(toolGate, requestGate);
    let gateway: Gateway;
    try {
      gateway = await Gateway.start({
        dataDir: options.dataDir,
        port: options.port,
        host: options.host,
        gate,
        superviseUpstreams: options.superviseUpstreams,
        listen: options.listen,
        secrets: options.secrets,
        allowHosts: options.allowHosts,
        // A call's record reaches the disk before its answer leaves (kill -9 loses neither alone).
        beforeAnswer: () => calls.writePending(),
      });
    } catch (error) {
      // e.g. the port is taken: release what was opened, so the process can exit with the error.
      await Promise.all([policies.close(), catalog.close(), calls.close(), team?.close()]);
      throw error;
    }
    for (const warning of gateway.config.warnings) log(warning);
    const tracing = new CallTracing({ version: VERSION, log });
    const app = new Portcullis(events, options.dataDir, gateway, policies, catalog, approvals, calls, toolGate, tracing);
    state.paused = () => app.paused;
    app.wireEvents(log, options.otlpEndpoint);
    if (team && teamMode) {
      app.team = team;
      teamMode.wireTeamStore(team, { events, approvals, catalog, calls, log });
    }
    calls.setRetentionDays(gateway.config.settings.logRetentionDays);
    await app.traceTo(options.otlpEndpoint ?? gateway.config.settings.otlpEndpoint, log);
    return app;
  }

  private wireEvents(log: (message: string) => void, otlpOverride: string | undefined): void {
    const { events, gateway, catalog, approvals, calls, tracing } = this;
    gateway.on('server-status', (status) => {
      if (status.state === 'failed') log(`server '${status.id}' failed: ${status.lastError ?? 'unknown error'}`);
      events.emit('server-status', status);
    });
    gateway.on('listing', (serverId, listing) => {
      catalog.sync(serverId, listing);
    });
    catalog.onChange((changes) => {
      for (const serverId of new Set(changes.map((c) => c.serverId))) events.emit('catalog-changed', { serverId });
    });
    gateway.on('session-closed', (session) => {
      approvals.endSession(session.sessionId);
      this.gate.endSession(session.sessionId);
    });
    gateway.on('config-changed', () => {
      const { servers, grants, settings } = gateway.config.data;
      calls.setRetentionDays(settings.logRetentionDays);
      if (otlpOverride === undefined) void this.traceTo(settings.otlpEndpoint, log);
      events.emit('servers-changed', { ids: servers.map((s) => s.id) });
      events.emit('grants-changed', { names: grants.map((g) => g.name) });
      events.emit('settings-changed', settings);
    });
    approvals.on('requested', (request) => events.emit('approval-requested', request));
    approvals.on('resolved', (resolution) => events.emit('approval-resolved', resolution));
    approvals.on('updated', (request) => events.emit('approval-updated', request));
    approvals.on('history', (entry) => events.emit('approval-history', entry));
    calls.subscribe((event) => {
      if (event.type === 'callStarted') events.emit('call-started', event.call);
      else {
        events.emit('call-finished', event.record);
        tracing.record(event.record);
      }
    });
  }

  /** A bad endpoint is reported, not fatal: the gateway serves on without the export. */
  private async traceTo(endpoint: string, log: (message: string) => void): Promise<void> {
    try {
      await this.tracing.configure(endpoint);
    } catch (error) {
      log(`OpenTelemetry export off: ${(error as Error).message}`);
    }
  }

  /** What a live session has done, as its policies' taint rules see it. */
  sessionTaint(sessionId: string): readonly TaintMark[] {
    return this.gate.taints.of(sessionId);
  }

  /** Team mode: the shared store and whether it is reachable; undefined on the desktop. */
  get store(): StoreStatus | undefined {
    return this.team?.status();
  }

  setPaused(paused: boolean): void {
    if (this.paused === paused) return;
    this.paused = paused;
    this.events.emit('paused-changed', { paused });
  }

  /** Clean shutdown: held calls withdrawn, sessions and upstreams closed, counters, catalog and call log flushed. */
  async close(): Promise<void> {
    const historyWritten = this.approvals.close();
    await this.gateway.close();
    await historyWritten;
    await Promise.all([this.policies.close(), this.catalog.close(), this.calls.close(), this.tracing.close()]);
    await this.team?.close();
    await removeOwnRuntimeFile(this.dataDir);
    await this.lock?.release();
  }
}
