// Approval requests: a call held under an `approve` rule until a person decides.
import type { RiskClass, RiskLevel } from './risk.js';

/** A path into a call's arguments: object keys and array indexes, `['connection', 'url']`. */
export type ArgumentPath = Array<string | number>;

export interface ApprovalRequest {
  id: string;
  createdAt: string;
  /** When the request times out and the call is denied. */
  expiresAt: string;
  server: string;
  grant: string;
  session: string;
  client?: { name: string; version: string };
  tool: string;
  /**
   * The call's arguments exactly as they will be forwarded: nothing redacted, nothing cut.
   * Show the values at `secretPaths` masked until the person asks to see them.
   */
  arguments: unknown;
  /** Where in `arguments` a value looks secret (under a secret name, or a token, a URL password … inside). */
  secretPaths: ArgumentPath[];
  /** sha256 of the exact arguments: an approval applies to these arguments only. */
  argumentsHash: string;
  riskClass?: RiskClass;
  riskLevel?: RiskLevel;
  /** The policy rule that asked for approval, e.g. `tools.odoo_execute` or `risk.destructive`. */
  rule: string;
  /** Why, beyond the rule, in words: what an earlier call of the session set off (a `taint` rule). */
  why?: string;
  /**
   * Set once the agent stopped waiting (its client cancelled or disconnected, or the hold ran
   * past the rule's timeout) while no one had answered. The question stays open until
   * `answerableUntil`: an approval then is kept for the agent's retry (see KeptApproval).
   */
  agentGone?: { at: string; why: AgentGoneWhy };
  /** When an open question whose agent stopped waiting leaves the queue unanswered. */
  answerableUntil?: string;
  /** Also asked inside the agent's own client (MCP elicitation): its user may answer there. */
  askedInClient?: boolean;
  /** The rule asks in the client only (`approval.via: ["client"]`): listed here, but no notification is raised. */
  quiet?: boolean;
}

export type AgentGoneWhy = 'timeout' | 'cancelled' | 'disconnected';

export type ApprovalDecision =
  | { action: 'approve'; scope: 'once' | 'session' }
  | { action: 'deny'; reason?: string };

export interface ApprovalResolution {
  id: string;
  outcome: 'approved' | 'denied' | 'timeout' | 'withdrawn';
  scope?: 'once' | 'session';
  reason?: string;
  /** Who decided: 'app', 'web', 'cli', 'tray', 'notification', or 'client' (inside the agent's client, by elicitation). */
  by?: string;
  /** An approval given after the agent stopped waiting: kept for one retry until this time. */
  keptUntil?: string;
}

/**
 * A single-use approval: a person approved a call after its agent had stopped waiting. The
 * next call of the same grant, server, tool and exact arguments (canonical JSON) runs once
 * without asking, until `until`.
 */
export interface KeptApproval {
  /** The approval request's id. */
  id: string;
  until: string;
  state: 'waiting' | 'used' | 'revoked' | 'expired';
  usedAt?: string;
  /** The call log id of the call that used it. */
  usedBy?: string;
  revokedBy?: string;
}

/** One approval question that ended, as the history keeps it (secret-looking argument values masked). */
export interface ApprovalHistoryEntry {
  request: ApprovalRequest;
  resolution: ApprovalResolution;
  /** When it ended. */
  at: string;
  kept?: KeptApproval;
}

/**
 * `args` with the values at `paths` replaced by `mask`, for views that cannot offer a
 * per-value "reveal" (the CLI's table). The input is not changed.
 */
export function maskArgumentPaths(args: unknown, paths: readonly ArgumentPath[], mask = '***'): unknown {
  if (paths.length === 0) return args;
  // A copy by JSON (the arguments are JSON): a UI's reactive proxy cannot be structuredClone'd.
  const copy: unknown = JSON.parse(JSON.stringify(args));
  for (const path of paths) {
    if (path.length === 0) return mask;
    let parent: unknown = copy;
    for (const segment of path.slice(0, -1)) parent = parent === null || typeof parent !== 'object' ? undefined : (parent as Record<string | number, unknown>)[segment];
    const last = path[path.length - 1]!;
    if (parent !== null && typeof parent === 'object' && last in parent) (parent as Record<string | number, unknown>)[last] = mask;
  }
  return copy;
}
