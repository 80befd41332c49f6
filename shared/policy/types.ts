// The policy document (a superset of PolicyLayer's policy.json v1) and the decisions
// the gateway makes with it. Shared by the gateway core, the CLI and the renderer.
import type { RiskClass } from '../risk.js';

export const POLICY_ACTIONS = ['allow', 'deny', 'approve'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

export const WINDOW_UNITS = ['second', 'minute', 'hour', 'day'] as const;
export type WindowUnit = (typeof WINDOW_UNITS)[number];
/** A named unit, or a number of seconds. */
export type LimitWindow = WindowUnit | number;

export const LIMIT_SCOPES = ['grant', 'session', 'global'] as const;

/**
 * `shadow`: the rule (or limit) is evaluated and its would-be decision recorded, but the
 * call proceeds as if it were absent. `enforce` (the default) applies it.
 */
export const RULE_MODES = ['enforce', 'shadow'] as const;
export type RuleMode = (typeof RULE_MODES)[number];
export type LimitScope = (typeof LIMIT_SCOPES)[number];

export const CONDITION_OPS = ['eq', 'neq', 'in', 'not_in', 'lt', 'lte', 'gt', 'gte', 'regex', 'contains', 'exists'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/**
 * Seconds a call waits for a person when a rule says `approve` and gives no timeout: under the
 * 60 s that the MCP SDK (DEFAULT_REQUEST_TIMEOUT_MSEC) and the clients built on it wait for a
 * tools/call, so the agent hears "approve, then retry" before its client gives up. The question
 * itself stays open longer (see approvals/approval-broker.ts).
 */
export const DEFAULT_APPROVAL_TIMEOUT_S = 50;

/** Where a person may answer: `tray` (Portcullis: window, tray, notifications, CLI), `client` (inside the agent's own client, by MCP elicitation). */
export const APPROVAL_CHANNELS = ['client', 'tray'] as const;
export type ApprovalChannel = (typeof APPROVAL_CHANNELS)[number];

/** `{path, op, value}` over the call's arguments, e.g. `{ "path": "args.amount", "op": "lte", "value": 100 }`. */
export interface PolicyCondition {
  /** `args.name`, `args.a.b[0]`, `args["key.with.dots"]`. */
  path: string;
  op: ConditionOp;
  /** Required by every operator but `exists` (where it is an optional boolean, default true). */
  value?: unknown;
}

export interface PolicyLimit {
  /** Limits with the same counter name (and scope) share one budget within a server. */
  counter: string;
  window: LimitWindow;
  /** Most that may be admitted in any window-long interval. */
  max: number;
  /** Whose budget: per grant (the default), per session, or one for everyone. */
  scope?: LimitScope;
  /** An `args.` path whose number is added instead of 1 per call (spend caps). */
  increment_from?: string;
  /** `shadow`: counted in its own counter and recorded, never refuses a call. */
  mode?: RuleMode;
}

/** `rate_limit: {max, window}`: shorthand for one call-count limit named after its rule. */
export interface RateLimitShorthand {
  max: number;
  window: LimitWindow;
  /** Default `grant`. */
  scope?: LimitScope;
  mode?: RuleMode;
}

export interface ApprovalOptions {
  /** Seconds to wait for a person before the call is denied. Default 50. */
  timeout_s?: number;
  /**
   * Where the question is asked (tool rules only). Default `["tray"]`. With `client`, a client that
   * declared the elicitation capability is asked too; the first answer counts.
   */
  via?: ApprovalChannel[];
}

/** What applies to a tool (under `tools`) or to a risk class (under `risk`). */
export interface ToolRule {
  /** Default `allow`: under `default: deny`, `{}` allows a tool. */
  action?: PolicyAction;
  /** What the agent is told when this rule denies a call. */
  reason?: string;
  /** PolicyLayer's name for `reason`. */
  on_deny?: string;
  limits?: PolicyLimit[];
  rate_limit?: RateLimitShorthand;
  /** All must hold. */
  require?: PolicyCondition[];
  /** Any one that holds denies the call. */
  deny_if?: PolicyCondition[];
  /** Check the arguments against the tool's own inputSchema. Overrides the policy-wide setting. */
  validate_schema?: boolean;
  approval?: ApprovalOptions;
  /** `shadow`: calls proceed as if the rule were absent; what it would have decided is logged. */
  mode?: RuleMode;
  /** Team mode: what a call under this rule's limits gets while the shared store (Redis) is unreachable. Default `deny`. */
  store_unreachable?: StoreUnreachableMode;
}

/** `deny` fails closed (the default); `allow` admits the call uncounted (low-risk tools only). */
export const STORE_UNREACHABLE_MODES = ['deny', 'allow'] as const;
export type StoreUnreachableMode = (typeof STORE_UNREACHABLE_MODES)[number];

/**
 * A rule for one kind of request other than tools/call: a resource, a prompt, completion,
 * logging, or a request the server sends the client (sampling, elicitation, roots).
 */
export interface RequestRule {
  /** Default `allow`: `{}` allows. */
  action?: PolicyAction;
  /** What the agent (or the server, for sampling, elicitation, roots) is told when this rule denies. */
  reason?: string;
  /** PolicyLayer's name for `reason`. */
  on_deny?: string;
  approval?: ApprovalOptions;
  mode?: RuleMode;
}

/** `"deny"` is short for `{ "action": "deny" }`. */
export type RequestRuleSpec = PolicyAction | RequestRule;

/** Resources (keyed by URI or URI glob) or prompts (keyed by name or glob). */
export interface ItemSection {
  /** For items no rule matches; absent: the document's `default`. */
  default?: PolicyAction;
  /** Removed from lists and refused as not available; `*` hides all. */
  hide?: string[];
  /** Keys are exact URIs / names or globs with `*`. */
  rules?: Record<string, RequestRule>;
}

/**
 * Which calls a taint rule looks at. On the aggregate /mcp endpoint a session reaches every
 * server: `tools` may name another server's tool as `server/tool` (globs allowed on both sides);
 * a bare name matches that tool on any server. All given parts are alternatives (any one matches).
 */
export interface TaintMatch {
  tools?: string[];
  /** Risk classes, as the catalog classifies tools. */
  classes?: RiskClass[];
  /** Tools that read from an open world, so what they return may be written by anyone: the web, e-mail, issues (annotations `openWorldHint: true` and `readOnlyHint: true`, or classified read). */
  open_world_read?: boolean;
}

/**
 * A session's history changes what it may do next: once a call matching `after` has been
 * answered in the session, calls to this server's tools matching `then` are `approve`d or
 * `deny`d for the rest of the session. It only tightens: an allowed call becomes held or
 * denied; a denied one stays denied.
 */
export interface TaintRule {
  after: TaintMatch;
  then: Omit<TaintMatch, 'open_world_read'>;
  action: 'approve' | 'deny';
  /** Shown to the agent and the person, with what the session did and when. */
  reason?: string;
  approval?: ApprovalOptions;
}

/** The sections that hold one rule each, and the requests each governs. */
export const REQUEST_SECTIONS = ['completion', 'logging', 'sampling', 'elicitation', 'roots'] as const;
export type RequestSection = (typeof REQUEST_SECTIONS)[number];

export interface Policy {
  /** Editors' schema hint; ignored. */
  $schema?: string;
  version: '1';
  description?: string;
  /** For tools that no rule matches. */
  default: PolicyAction;
  /** Tool names or globs removed from tools/list and denied at call time; `*` hides all. */
  hide?: string[];
  all_tools?: {
    limits?: PolicyLimit[];
    /** What the agent is told when one of these limits denies a call. */
    reason?: string;
  };
  /** Keys are exact tool names or globs with `*`. */
  tools?: Record<string, ToolRule>;
  /** Rules by the catalog's risk class, for tools no `tools` key matches. */
  risk?: Partial<Record<RiskClass, ToolRule>>;
  /** Check every call's arguments against the tool's inputSchema unless its rule says otherwise. */
  validate_schema?: boolean;
  /** Extra argument keys to redact in the call log (on top of the built-in secret names). */
  redact?: string[];
  /** Team mode: `allow` lets calls of tools in risk class `read` without a rule-level setting through uncounted while the shared store is unreachable. Default `deny`. */
  store_unreachable?: StoreUnreachableMode;
  /** resources/list, resources/templates/list (filtered), resources/read and resources/subscribe. Absent: `default`. */
  resources?: ItemSection;
  /** prompts/list (filtered) and prompts/get. Absent: `default`. */
  prompts?: ItemSection;
  /** completion/complete (and the prompt or resource it completes must not be denied). Absent: `default`. */
  completion?: RequestRuleSpec;
  /** logging/setLevel, and the server's log messages (dropped unless allowed). Absent: `default`. */
  logging?: RequestRuleSpec;
  /** The server's sampling/createMessage requests (using the client's model). Absent: `default`. */
  sampling?: RequestRuleSpec;
  /** The server's elicitation/create requests (asking the client's user). Absent: `default`. */
  elicitation?: RequestRuleSpec;
  /** The server's roots/list requests (the client's workspace folders). Absent: `default`. */
  roots?: RequestRuleSpec;
  /** Rules that follow a session's history (the "lethal trifecta": untrusted content read, then data sent). */
  taint?: TaintRule[];
}

/** One problem in a policy document: a JSON path (`tools.x.limits[0].window`) and what is wrong. */
export interface PolicyIssue {
  /** Empty for the document as a whole. */
  path: string;
  message: string;
  /** Set for JSON syntax errors. */
  line?: number;
  column?: number;
}

export type PolicyValidation =
  | { ok: true; policy: Policy; warnings: PolicyIssue[] }
  | { ok: false; errors: PolicyIssue[]; warnings: PolicyIssue[] };

// ---- Decisions ----

export type DecisionAction = 'allow' | 'deny' | 'hidden' | 'approve';

/** What a limit looked like for one call: logged with every decision that reached the limits. */
export interface CounterTouch {
  counter: string;
  scope: LimitScope;
  /** `grant:<name>`, `session:<id>` or `global`. */
  scopeKey: string;
  /** Where the limit is written, e.g. `tools.ai_pipeline_run.limits[0]` or `all_tools.limits[1]`. */
  limitPath: string;
  windowSeconds: number;
  max: number;
  /** What this call adds (1, or the `increment_from` value). */
  amount: number;
  /** Used in the window once this call is counted (allow), or before it (the limit that denied). */
  used: number;
}

/** What kind of check decided a denial. */
export type DenialCause = 'hidden' | 'action' | 'default' | 'schema' | 'require' | 'deny_if' | 'limit' | 'approval' | 'taint';

/** The structured record the call log keeps for every decision. */
export interface DecisionRecord {
  action: DecisionAction;
  /**
   * The rule that decided: `tools.<key>`, `risk.<class>`, `default`, `hide[<i>]`, an all_tools limit
   * (`all_tools.limits[<i>]`) that ran out, or for other requests `resources.rules.<key>`, `sampling`, …
   */
  rule: string;
  /** For denials: which check denied the call. */
  cause?: DenialCause;
  /** For denials: the exact part of the rule, e.g. `tools.x.deny_if[1]` or `all_tools.limits[0]`. */
  causePath?: string;
  /** Plain-language detail of the check that decided, without the rule's reason. */
  detail?: string;
  /** The rule's `reason` / `on_deny`, when it has one. */
  reason?: string;
  counters: CounterTouch[];
  /** For calls that were held for approval: how that ended. */
  approval?: { outcome: 'approved' | 'declined' | 'timeout'; by?: string };
  /** Evaluated without consuming counters (`portcullis policy test`). */
  dryRun?: boolean;
  /** The policy's revision (policy-revision.ts): which document decided. */
  revision?: string;
  /** What the policy's shadow rules would have decided, when one applied to the call. */
  shadow?: ShadowVerdict;
}

/** A shadow rule's would-be decision: recorded, never enforced. */
export interface ShadowVerdict {
  action: DecisionAction;
  /** The rule that would have decided (`tools.x`, `all_tools.limits[0]`, …). */
  rule: string;
  cause?: DenialCause;
  causePath?: string;
  detail?: string;
}

interface DecisionBase {
  tool: string;
  record: DecisionRecord;
}

export interface AllowDecision extends DecisionBase {
  action: 'allow';
}

export interface DenyDecision extends DecisionBase {
  action: 'deny';
  /** The agent-facing text (what `denialResult` returns). */
  message: string;
  /** For a limit: seconds until the call would fit again; absent when waiting will not help. */
  retryAfterSeconds?: number;
}

export interface HiddenDecision extends DecisionBase {
  action: 'hidden';
  message: string;
}

export interface ApproveDecision extends DecisionBase {
  action: 'approve';
  /** Seconds to wait for a person before the call is denied. */
  timeoutSeconds: number;
  /** The rule's `approval.via`; absent: the tray only. */
  via?: readonly ApprovalChannel[];
}

export type PolicyDecision = AllowDecision | DenyDecision | HiddenDecision | ApproveDecision;
