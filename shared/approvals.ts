// Approval requests: a call held under an `approve` rule until a person decides.
import type { RiskClass, RiskLevel } from './risk.js';

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
  /** The arguments as the person sees them (secrets redacted). */
  arguments: unknown;
  /** sha256 of the exact arguments: an approval applies to these arguments only. */
  argumentsHash: string;
  riskClass?: RiskClass;
  riskLevel?: RiskLevel;
  /** The policy rule that asked for approval, e.g. `tools.odoo_execute` or `risk.destructive`. */
  rule: string;
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
