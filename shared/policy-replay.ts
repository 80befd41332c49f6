// Replay and policy tests, as the Api returns them: what a draft policy would have decided
// for the calls in the log, and how a policy fares against a file of expected decisions.
// Platform-neutral (the renderer and the CLI import it).
import type { DecisionRecord } from './policy/types.js';

/** A decision as replay and tests compare them: a refusal by a limit is told apart from other denials. */
export type DecisionOutcome = 'allow' | 'deny' | 'hide' | 'approve' | 'rate-limited';
export const DECISION_OUTCOMES: readonly DecisionOutcome[] = ['allow', 'deny', 'hide', 'approve', 'rate-limited'];

/** The outcome of a decision record. */
export function decisionOutcome(record: Pick<DecisionRecord, 'action' | 'cause'>): DecisionOutcome {
  if (record.action === 'hidden') return 'hide';
  if (record.action === 'deny' && record.cause === 'limit') return 'rate-limited';
  return record.action;
}

/** `allow → deny`: the key of `PolicyReplay.counts`. */
export function transitionKey(before: DecisionOutcome, after: DecisionOutcome): string {
  return `${before} → ${after}`;
}

/** One logged call whose decision the draft changes. */
export interface ReplayChange {
  id: string;
  time: string;
  /** Absent for tool calls. */
  method?: string;
  tool: string;
  grant: string;
  before: DecisionOutcome;
  /** The rule that decided then. */
  beforeRule?: string;
  after: DecisionOutcome;
  /** The draft's deciding rule (the exact part, e.g. `tools.x.deny_if[0]`, where one decided). */
  rule: string;
  /** The draft's decision in words, for a refusal. */
  detail?: string;
  /** The revision of the policy that decided then (absent in records older than revisions). */
  beforeRevision?: string;
  /**
   * Argument paths the draft's rule reads whose logged value was redacted or cut: the
   * logged call's real value may have decided otherwise.
   */
  redacted?: string[];
}

export interface ReplayRuleSummary {
  /** The draft's rule that made the new decisions. */
  rule: string;
  changed: number;
  /** `allow → deny` → count. */
  transitions: Record<string, number>;
  /** The first few changed calls this rule decided. */
  examples: ReplayChange[];
}

export interface PolicyReplay {
  summary: {
    server: string;
    /** The range replayed (ISO); absent ends are open. */
    from?: string;
    to?: string;
    grant?: string;
    /** Calls in range, replayed or not. */
    calls: number;
    replayed: number;
    /** Not decided by a policy when logged (paused, pinning, malformed or unlisted calls): not replayed. */
    skipped: number;
    changed: number;
    /** Replayed calls whose new decision read an argument the log holds redacted or cut. */
    dependsOnRedacted: number;
    draftRevision: string;
    /** The revision active now. */
    activeRevision: string;
    byRule: ReplayRuleSummary[];
    /** One sentence: "this change would have denied 14 of the last 2,000 calls; …". */
    text: string;
  };
  /** Every replayed call, by `before → after` (unchanged ones too: `allow → allow`). */
  counts: Record<string, number>;
  /** Oldest first. */
  changed: ReplayChange[];
  /** More changed calls than `changed` holds (the Api caps it; counts stay exact). */
  changedTruncated?: boolean;
}

// ---- Policy tests ----

/** A call in a test: a tool call (`tool`), or another request (`method` with its `target`). */
export interface PolicyTestCall {
  tool?: string;
  /** A method other than tools/call: `resources/read`, `prompts/get`, `sampling/createMessage`, … */
  method?: string;
  /** For `method`: the resource's URI or the prompt's name. */
  target?: string;
  arguments?: Record<string, unknown>;
  /** Default `test`. */
  grant?: string;
}

export interface PolicyTestCase extends PolicyTestCall {
  /** Shown in the report; default: the call, e.g. `get-sum`. */
  name?: string;
  expect: DecisionOutcome;
  /** The rule expected to decide: its path (`tools.x`), or the exact part (`tools.x.limits[0]`). */
  rule?: string;
  /** Calls made first, in order (for limits): each counted as the policy decides it. */
  before?: (PolicyTestCall & { times?: number })[];
}

export interface PolicyTestsFile {
  description?: string;
  cases: PolicyTestCase[];
}

export interface PolicyTestResult {
  index: number;
  name: string;
  passed: boolean;
  expected: DecisionOutcome;
  actual: DecisionOutcome;
  expectedRule?: string;
  actualRule: string;
  /** The exact part that decided (`tools.x.deny_if[0]`), when not the rule itself. */
  actualCausePath?: string;
  /** Why the decision was made, in words (denials). */
  detail?: string;
}

export interface PolicyTestReport {
  /** `policies/<server>.tests.json`, or the file given. */
  file: string;
  policyRevision: string;
  total: number;
  passed: number;
  failed: number;
  results: PolicyTestResult[];
}
