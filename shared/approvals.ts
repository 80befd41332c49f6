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
}

export type ApprovalDecision =
  | { action: 'approve'; scope: 'once' | 'session' }
  | { action: 'deny'; reason?: string };

export interface ApprovalResolution {
  id: string;
  outcome: 'approved' | 'denied' | 'timeout' | 'withdrawn';
  scope?: 'once' | 'session';
  reason?: string;
  /** Who decided: 'ui', 'cli', 'tray', 'notification'. */
  by?: string;
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
