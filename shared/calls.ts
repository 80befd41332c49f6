// The call log's shapes: what is recorded for every tools/call (and every denied
// or hidden attempt), how it is queried, and the live events. Shared by the gateway
// core, the CLI and the renderer, so platform-neutral: no Node imports here.

/**
 * What the policy decided for the call. `rate-limit`: refused because a limit's counter ran
 * out (logs written before this existed say `deny` for those, and are read as they are).
 */
export type CallDecision = 'allow' | 'deny' | 'hide' | 'approve' | 'rate-limit';

/** How a call held for approval ended. `withdrawn`: the client cancelled or went away. */
export type ApprovalOutcome = 'approved' | 'denied' | 'timeout' | 'withdrawn';

/** What happened upstream. `not-called`: the gateway answered itself (denied, hidden, …). */
export type UpstreamOutcome = 'ok' | 'tool-error' | 'protocol-error' | 'timeout' | 'not-called';

/**
 * One word for the decision and the approval outcome together: what a person
 * filtering the log means by "denied" or "approved".
 */
export type CallVerdict =
  | 'allowed'
  | 'denied'
  | 'rate-limited'
  | 'hidden'
  | 'approved'
  | 'approval-denied'
  | 'approval-timeout'
  | 'approval-withdrawn'
  /** Held for approval and not resolved (only seen if a record is written mid-approval). */
  | 'approval-pending';

export const CALL_DECISIONS: readonly CallDecision[] = ['allow', 'deny', 'hide', 'approve', 'rate-limit'];
export const CALL_VERDICTS: readonly CallVerdict[] = [
  'allowed', 'denied', 'rate-limited', 'hidden', 'approved', 'approval-denied', 'approval-timeout', 'approval-withdrawn', 'approval-pending',
];
export const UPSTREAM_OUTCOMES: readonly UpstreamOutcome[] = ['ok', 'tool-error', 'protocol-error', 'timeout', 'not-called'];

export interface ClientInfo {
  name: string;
  version: string;
}

export interface ApprovalRecord {
  /** The approval request's id (as shown by `portcullis approvals`). */
  id: string;
  outcome: ApprovalOutcome;
  /** For `approved`: this call only, or the rest of the session. */
  scope?: 'once' | 'session';
  /** The reason a person gave when denying, or the timeout/withdrawal message. */
  reason?: string;
  /** How long the call was held. */
  waitedMs: number;
  /** Who answered: 'web', 'app', 'cli', 'tray', 'notification', or 'client' (inside the agent's client). */
  by?: string;
  /** Approved by an earlier decision, kept for this retry (a single-use approval; `id` is that request's). */
  kept?: boolean;
}

/** A rate-limit counter the call counted against, as it stood after this call. */
export interface CounterTouch {
  counter: string;
  scope: 'grant' | 'session' | 'global';
  used: number;
  max: number;
}

/** The limit that refused a `rate-limit` call: which counter ran out, and when to try again. */
export interface RateLimitHit {
  counter: string;
  scope: 'grant' | 'session' | 'global';
  /** Where the limit is written, e.g. `tools.search.limits[0]` or `all_tools.limits[1]`. */
  limitPath: string;
  windowSeconds: number;
  max: number;
  /** Used in the window before this call. */
  used: number;
  /** What this call would have added (1, or its `increment_from` value). */
  amount: number;
  /** Absent when waiting will not help (the call alone needs more than the limit). */
  retryAfterSeconds?: number;
}

export interface CallLatency {
  /** Time spent in the gateway itself: policy, counters, logging; not approval waits, not upstream. */
  gatewayMs: number;
  /** Time waiting for the upstream server's answer (0 when it was not called). */
  upstreamMs: number;
  /** Wall time from the request's arrival to the response. */
  totalMs: number;
}

/** What is known when a call arrives: the `callStarted` event's payload. */
export interface CallStarted {
  /** Time-based and sortable: a larger id is a later (or same-millisecond, later) call. */
  id: string;
  /** ISO time the call arrived. */
  time: string;
  server: string;
  grant: string;
  session: string;
  client?: ClientInfo;
  /**
   * The MCP method when it is not tools/call (absent for tool calls): `resources/read`,
   * `prompts/get`, `completion/complete`, `logging/setLevel`, or a server's `sampling/createMessage`,
   * `elicitation/create`, `roots/list`.
   */
  method?: string;
  /** The tool; for other methods what the request is about (a resource's URI, a prompt's name), else the method. */
  tool: string;
  /** The call's arguments with secrets redacted and size capped. */
  arguments?: unknown;
  /** Set when the arguments were too large or deep and were cut. */
  argumentsTruncated?: boolean;
}

/** One line of the call log: the `callFinished` event's payload. */
export interface CallRecord extends CallStarted {
  decision: CallDecision;
  /** The rule behind the decision, as a path into the policy (`tools.ai_pipeline_run`, `default`, `hide`). */
  rule?: string;
  /** What the agent was told, for a denial. */
  reason?: string;
  approval?: ApprovalRecord;
  counters?: CounterTouch[];
  /** For `rate-limit`: the limit that ran out. */
  rateLimit?: RateLimitHit;
  /** Set when the tool was new or changed since it was pinned, or flagged by the poisoning checks and not reviewed. */
  pin?: 'new' | 'changed' | 'flagged';
  upstream: UpstreamOutcome;
  /** The tool error text, protocol error message or timeout message. */
  error?: string;
  /** Size of the result as sent downstream, in bytes of JSON. */
  resultBytes?: number;
  latency: CallLatency;
  /** The revision (a hash) of the policy document that decided; absent when no policy did (paused, pinning, malformed). */
  policyRevision?: string;
  /** What a shadow rule (`"mode": "shadow"`) would have decided, when one applied: recorded, not enforced. */
  shadow?: ShadowRecord;
}

/** A shadow rule's would-be decision, as the call log keeps it. */
export interface ShadowRecord {
  decision: CallDecision;
  /** The rule, or the part of it (`tools.x.limits[0]`), that would have decided. */
  rule: string;
  /** Why, in words, for a would-be refusal. */
  detail?: string;
}

export type CallLogEvent =
  | { type: 'callStarted'; call: CallStarted }
  | { type: 'callFinished'; record: CallRecord };

/** Filters shared by queries, stats and exports. All given filters must match. */
export interface CallFilter {
  server?: string;
  grant?: string;
  session?: string;
  tool?: string;
  /** A policy decision (`deny`) or a verdict (`denied`, `approval-timeout`, …). */
  decision?: CallDecision | CallVerdict;
  upstream?: UpstreamOutcome;
  /** Inclusive; an ISO time in `toISOString()` form (the gateway normalises what it is given). */
  from?: string;
  /** Exclusive; same form as `from`. */
  to?: string;
  /** Case-insensitive; matches tool, server, grant, rule, reason, error or the arguments' JSON. */
  text?: string;
}

export interface CallQuery extends CallFilter {
  /** Page size; default 50, at most CALL_QUERY_MAX_LIMIT. */
  limit?: number;
  /** `nextCursor` of the previous page: continue with older calls. */
  cursor?: string;
}

export const CALL_QUERY_DEFAULT_LIMIT = 50;
export const CALL_QUERY_MAX_LIMIT = 1000;

export interface CallPage {
  /** Newest first. */
  records: CallRecord[];
  /** Present when older matching calls exist. */
  nextCursor?: string;
  /** Damaged lines met while reading the log files (e.g. a line torn by a crash). */
  skippedLines: number;
}

export interface CallStatsQuery extends CallFilter {
  /** Width of the per-server buckets; default 60. Widened if the range would need too many. */
  bucketSeconds?: number;
  /** How many top tools to return; default 10. */
  topTools?: number;
}

export interface LatencyPercentiles {
  /** Number of calls measured. */
  count: number;
  p50: number;
  p95: number;
}

export interface CallStats {
  from: string;
  to: string;
  bucketSeconds: number;
  total: number;
  /** Calls not forwarded because of policy: denied, rate-limited, hidden, approval denied/timed out/withdrawn. */
  denials: number;
  /** Of the denials, those refused by a rate limit. */
  rateLimited: number;
  byVerdict: Record<CallVerdict, number>;
  /** counts[i] = calls that arrived in [from + i·bucketSeconds, from + (i+1)·bucketSeconds). */
  perServer: { server: string; counts: number[] }[];
  /** Every server together, per bucket (same buckets): calls, denials (rate-limited included) and rate-limited calls. */
  buckets: { calls: number[]; denials: number[]; rateLimited: number[] };
  topTools: { server: string; tool: string; calls: number; denials: number }[];
  latency: {
    /** Over every call. */
    total: LatencyPercentiles;
    /** Over calls that reached the upstream server. */
    upstream: LatencyPercentiles;
  };
  skippedLines: number;
}

/** How many calls match a filter, over the whole log (no default time range). */
export interface CallCount {
  count: number;
  skippedLines: number;
}

export type CallExportFormat = 'jsonl' | 'csv';

/** The decision and the approval outcome as one word. */
export function callVerdict(record: Pick<CallRecord, 'decision' | 'approval'>): CallVerdict {
  switch (record.decision) {
    case 'allow':
      return 'allowed';
    case 'deny':
      return 'denied';
    case 'rate-limit':
      return 'rate-limited';
    case 'hide':
      return 'hidden';
    case 'approve':
      if (!record.approval) return 'approval-pending';
      return record.approval.outcome === 'approved' ? 'approved' : `approval-${record.approval.outcome}`;
  }
}

/** What a call was, as people read it: the tool, or for other methods `resources/read memory://x`, `sampling/createMessage`. */
export function callSubject(call: Pick<CallStarted, 'method' | 'tool'>): string {
  if (call.method === undefined || call.method === 'tools/call') return call.tool;
  return call.tool === call.method ? call.method : `${call.method} ${call.tool}`;
}

/** True when the call was stopped by policy rather than forwarded. */
export function isDenial(record: Pick<CallRecord, 'decision' | 'approval'>): boolean {
  const verdict = callVerdict(record);
  return verdict !== 'allowed' && verdict !== 'approved' && verdict !== 'approval-pending';
}

/**
 * Whether a record passes a filter. Used by the gateway's queries and by the
 * renderer to filter the live feed the same way.
 */
export function matchesCallFilter(record: CallRecord, filter: CallFilter): boolean {
  if (filter.server !== undefined && record.server !== filter.server) return false;
  if (filter.grant !== undefined && record.grant !== filter.grant) return false;
  if (filter.session !== undefined && record.session !== filter.session) return false;
  if (filter.tool !== undefined && record.tool !== filter.tool) return false;
  if (filter.upstream !== undefined && record.upstream !== filter.upstream) return false;
  if (filter.decision !== undefined && record.decision !== filter.decision && callVerdict(record) !== filter.decision) {
    return false;
  }
  // ISO strings from toISOString() compare in time order.
  if (filter.from !== undefined && record.time < filter.from) return false;
  if (filter.to !== undefined && record.time >= filter.to) return false;
  if (filter.text !== undefined && filter.text !== '') return matchesText(record, filter.text.toLowerCase());
  return true;
}

function matchesText(record: CallRecord, needle: string): boolean {
  const fields = [record.tool, record.method, record.server, record.grant, record.rule, record.reason, record.error];
  if (fields.some((field) => field !== undefined && field.toLowerCase().includes(needle))) return true;
  if (record.arguments === undefined) return false;
  return JSON.stringify(record.arguments).toLowerCase().includes(needle);
}
