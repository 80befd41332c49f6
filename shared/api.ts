// The one Api contract between the Portcullis core and any UI.
//
// Every method takes one input object and returns a promise. The core implements
// `PortcullisApi`; the headless host serves it as `POST /api/<method>` + an SSE event
// stream, the Electron main process as IPC channels named after the same keys. The
// renderer talks only to this interface. Inputs are validated at each boundary with the
// schemas in `api-schema.ts`, from which the input types below are derived.
import type { z } from 'zod';
import type { ApprovalHistoryEntry, ApprovalRequest, ApprovalResolution } from './approvals.js';
import type { CallCount, CallPage, CallRecord, CallStarted, CallStats } from './calls.js';
import type { CatalogEntry } from './catalog.js';
import type { ClientsOverview, ConnectResultView, DisconnectResultView, ImportResult } from './clients.js';
import type { GrantInfo, ServerConfig, ServerStatus, Settings, StoreStatus } from './config.js';
import type { DecisionRecord, PolicyIssue, PolicyValidation } from './policy/types.js';
import type { PolicyReplay, PolicyTestReport } from './policy-replay.js';
import type { apiInputSchemas } from './api-schema.js';
import type { RiskClass } from './risk.js';

export type ApiInput<M extends ApiMethod> = z.input<(typeof apiInputSchemas)[M]>;

export interface AppInfo {
  version: string;
  dataDir: string;
  /** Base URL of the gateway, e.g. http://127.0.0.1:7337 */
  url: string;
  paused: boolean;
  /** 'electron' in the tray app, 'headless' under `portcullis serve`. */
  host: 'electron' | 'headless';
  /** Set when secrets are stored without OS encryption (headless, or no keyring). */
  secretStorageWarning?: string;
  /** Team mode only: the shared store and whether it is reachable (unreachable = degraded: limited and approval calls fail closed). */
  store?: StoreStatus;
}

export interface ServerView {
  /** Env values and header values are masked ('***'). */
  config: ServerConfig;
  status: ServerStatus;
  endpoint: string;
  policy: { source: 'file' | 'default' };
  /** URL servers: whether Portcullis holds a sign-in for it (never the tokens themselves). */
  signIn?: { signedIn: boolean; expiresAt?: string; /** Scope the server asked for (on demand or a step-up) that the next sign-in requests. */ pendingScope?: string };
}

export interface PolicyView {
  serverId: string;
  /** `default`: no policy file, so everything is denied. */
  source: 'file' | 'default';
  /** The active policy document as text (the file's text, or the default). */
  text: string;
  /** Problems in the file on disk that made it be refused (the last good policy stays active). */
  refused?: PolicyIssue[];
}

/** A save that went through carries the policy now active, so a UI need not ask for it again. */
export type PolicySaveResult = { ok: true; warnings: PolicyIssue[]; policy: PolicyView } | { ok: false; errors: PolicyIssue[] };

export interface PolicyDryRun {
  /** allow / deny / hidden / approve */
  action: DecisionRecord['action'];
  record: DecisionRecord;
  /** What the agent would be told (denials) or the person would be asked (approvals). */
  message?: string;
  /** "Why" in words, for the UI. */
  explanation: string;
}

/** What a session did that its policies' `taint` rules look at: each distinct tool answered, first time first. */
export interface SessionTaintView {
  session: string;
  marks: { server: string; tool: string; riskClass?: RiskClass; openWorldRead: boolean; at: string }[];
}

/** The client name a call tried from the window carries in the call log. */
export const TRY_CALL_CLIENT_NAME = 'Portcullis window';

/** A call tried from the window: the answer as the gateway gave it, and its call-log record. */
export interface TryCallResult {
  /** The tool's answer, or the gateway's refusal (a denial is an `isError` result with the reason). */
  result: { content: unknown[]; isError: boolean; structuredContent?: unknown };
  /** The call log's record (decision, rule, approval); absent only if none was written in time. */
  call?: CallRecord;
}

export interface CallExport {
  filename: string;
  contentType: string;
  content: string;
}

/**
 * Who is acting, set by the door a call came in through (never by the caller's input): the
 * window over IPC ('app'), a browser over HTTP ('web'), the tray menu, a notification's
 * buttons, the command line. It is recorded with the decisions it makes.
 */
export type ApiActor = 'app' | 'web' | 'tray' | 'notification' | 'cli';

export interface ApiCallContext {
  actor: ApiActor;
}

export interface PortcullisApi {
  getInfo(input: ApiInput<'getInfo'>): Promise<AppInfo>;
  setPaused(input: ApiInput<'setPaused'>): Promise<AppInfo>;

  listServers(input: ApiInput<'listServers'>): Promise<ServerView[]>;
  addServer(input: ApiInput<'addServer'>): Promise<ServerView>;
  updateServer(input: ApiInput<'updateServer'>): Promise<ServerView>;
  removeServer(input: ApiInput<'removeServer'>): Promise<void>;
  restartServer(input: ApiInput<'restartServer'>): Promise<void>;
  /** Starts an OAuth sign-in for a URL server; open the returned URL in a browser to finish it. */
  signInServer(input: ApiInput<'signInServer'>): Promise<{ authorizationUrl: string }>;
  /** Forgets the server's tokens. */
  signOutServer(input: ApiInput<'signOutServer'>): Promise<void>;

  listGrants(input: ApiInput<'listGrants'>): Promise<GrantInfo[]>;
  /** The token is in this answer only; it is never shown again. */
  createGrant(input: ApiInput<'createGrant'>): Promise<{ grant: GrantInfo; token: string }>;
  revokeGrant(input: ApiInput<'revokeGrant'>): Promise<void>;

  getPolicy(input: ApiInput<'getPolicy'>): Promise<PolicyView>;
  validatePolicy(input: ApiInput<'validatePolicy'>): Promise<PolicyValidation>;
  savePolicy(input: ApiInput<'savePolicy'>): Promise<PolicySaveResult>;
  /** `tools`: how many tools the draft was written from (0: the server's tools are not known yet). */
  recommendPolicy(input: ApiInput<'recommendPolicy'>): Promise<{ text: string; tools: number }>;
  testPolicy(input: ApiInput<'testPolicy'>): Promise<PolicyDryRun>;
  /** What a draft would have decided for the logged calls (oldest first, limits in time order), and what it changes. */
  replayPolicy(input: ApiInput<'replayPolicy'>): Promise<PolicyReplay>;
  /** Runs the policy tests (`policies/<server>.tests.json`, or the cases given) against the active policy or a draft. */
  runPolicyTests(input: ApiInput<'runPolicyTests'>): Promise<PolicyTestReport>;
  /** The server's tests file as text (`exists: false` and an empty file when there is none yet). */
  getPolicyTests(input: ApiInput<'getPolicyTests'>): Promise<{ file: string; exists: boolean; text: string }>;
  /** Adds one case to the server's tests file (creating it). */
  savePolicyTestCase(input: ApiInput<'savePolicyTestCase'>): Promise<{ file: string; count: number }>;

  listCatalog(input: ApiInput<'listCatalog'>): Promise<CatalogEntry[]>;
  reviewTool(input: ApiInput<'reviewTool'>): Promise<CatalogEntry>;
  overrideRisk(input: ApiInput<'overrideRisk'>): Promise<CatalogEntry>;

  queryCalls(input: ApiInput<'queryCalls'>): Promise<CallPage>;
  callStats(input: ApiInput<'callStats'>): Promise<CallStats>;
  /** How many calls match the filter over the whole log (what a header's "N calls" says). */
  countCalls(input: ApiInput<'countCalls'>): Promise<CallCount>;
  exportCalls(input: ApiInput<'exportCalls'>): Promise<CallExport>;
  /** A live session's history as taint rules see it (empty once the session has ended). */
  sessionTaint(input: ApiInput<'sessionTaint'>): Promise<SessionTaintView>;

  /**
   * Makes one tools/call from the window through the real gateway path under `grant` (pause,
   * pinning, policy, limits, approval, call log), logged as client "Portcullis window". Resolves
   * when the call ends: a call held for approval waits for a person's answer.
   */
  tryCall(input: ApiInput<'tryCall'>): Promise<TryCallResult>;

  listApprovals(input: ApiInput<'listApprovals'>): Promise<ApprovalRequest[]>;
  /** The resolution records `context.actor` as who decided. */
  decideApproval(input: ApiInput<'decideApproval'>, context?: ApiCallContext): Promise<ApprovalResolution>;
  /** Questions that ended (answered, timed out, withdrawn), newest first, with the single-use approvals kept for a retry; kept across restarts. */
  approvalHistory(input: ApiInput<'approvalHistory'>): Promise<ApprovalHistoryEntry[]>;
  /** Takes back a single-use approval before the agent's retry uses it. */
  revokeApproval(input: ApiInput<'revokeApproval'>, context?: ApiCallContext): Promise<ApprovalHistoryEntry>;

  /** "Try the demo": registers the bundled demo server and its policy (idempotent). */
  installDemo(input: ApiInput<'installDemo'>): Promise<{ serverId: string; addedServer: boolean; wrotePolicy: boolean }>;

  /** The AI clients Portcullis can connect, their config files and the gateway address they are given. */
  listClients(input: ApiInput<'listClients'>): Promise<ClientsOverview>;
  /** Registers the servers found in clients' configs: `preview` lists them (secrets masked), `apply` registers all or none. */
  importServers(input: ApiInput<'importServers'>): Promise<ImportResult>;
  /** Rewrites a client's config to go through the gateway: `preview` is the diff, `apply` backs up, writes and issues the client's grant. */
  connectClient(input: ApiInput<'connectClient'>): Promise<ConnectResultView>;
  /** Undoes connect: byte for byte when nothing else changed the file since. */
  disconnectClient(input: ApiInput<'disconnectClient'>): Promise<DisconnectResultView>;

  getSettings(input: ApiInput<'getSettings'>): Promise<Settings>;
  updateSettings(input: ApiInput<'updateSettings'>): Promise<Settings>;
}

export type ApiMethod = keyof typeof apiInputSchemas;

export type ApiResult<M extends ApiMethod> = Awaited<ReturnType<PortcullisApi[M]>>;

/** Live events, in order, to every connected UI. */
export interface ApiEvents {
  'call-started': CallStarted;
  'call-finished': CallRecord;
  'approval-requested': ApprovalRequest;
  'approval-resolved': ApprovalResolution;
  /** A pending request changed: its agent stopped waiting (it stays open), or a retry waits on it again. */
  'approval-updated': ApprovalRequest;
  /** A history entry was added or changed (a kept approval used or revoked). */
  'approval-history': ApprovalHistoryEntry;
  'server-status': ServerStatus;
  'servers-changed': { ids: string[] };
  'grants-changed': { names: string[] };
  'catalog-changed': { serverId: string };
  'policy-changed': { serverId: string };
  'policy-refused': { serverId: string; errors: PolicyIssue[] };
  'settings-changed': Settings;
  'paused-changed': { paused: boolean };
  /** Team mode: the shared store became reachable or unreachable. */
  'store-changed': StoreStatus;
}

export type ApiEventName = keyof ApiEvents;

export type ApiEventListener = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;

/** One event as a tagged union: checking `event` narrows `data` (no cast at the listener). */
export type ApiEvent = { [E in ApiEventName]: { event: E; data: ApiEvents[E] } }[ApiEventName];

/** A listener for `subscribe` that hands each event on as one tagged `ApiEvent`. */
export function onApiEvent(handler: (event: ApiEvent) => void): ApiEventListener {
  return (event, data) => handler({ event, data } as ApiEvent);
}

/** What a UI holds: the methods plus a subscription to the event stream. */
export interface PortcullisClient extends PortcullisApi {
  subscribe(listener: ApiEventListener): () => void;
}

/** The error shape every binding uses for a refused or failed call. */
export interface ApiErrorBody {
  error: { message: string; code: 'invalid-input' | 'not-found' | 'conflict' | 'unauthorized' | 'internal'; issues?: PolicyIssue[] };
}
