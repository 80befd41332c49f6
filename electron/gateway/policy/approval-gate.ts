// The `approve` hook. The engine answers "needs approval"; the gateway then asks an
// ApprovalGate, which the approvals feature implements (tray notification, window, CLI).
// Until a gate is wired in, NoApproverGate lets every held call time out to a denial
// after the rule's approval.timeout_s (default 120 s), with a message that says so.
import type { AllowDecision, ApproveDecision, DenyDecision } from '../../../shared/policy/types.js';
import { approvalDenial } from './messages.js';

export interface ApprovalRequest {
  serverId: string;
  decision: ApproveDecision;
  args: Record<string, unknown>;
  grant: string;
  sessionId: string;
}

export type ApprovalAnswer = { approved: true; by?: string } | { approved: false; timedOut: true } | { approved: false; timedOut?: false; reason?: string; by?: string };

export interface ApprovalGate {
  /** Resolves when a person answers or decision.timeoutSeconds pass (then with timedOut). */
  request(request: ApprovalRequest, signal?: AbortSignal): Promise<ApprovalAnswer>;
}

/** No one to ask: waits out the timeout, then denies. An aborted call (client cancelled) resolves at once. */
export class NoApproverGate implements ApprovalGate {
  request(request: ApprovalRequest, signal?: AbortSignal): Promise<ApprovalAnswer> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ approved: false, timedOut: true }), request.decision.timeoutSeconds * 1000);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve({ approved: false, timedOut: true });
      }, { once: true });
    });
  }
}

/** Holds an `approve` decision until the gate answers: allow, or the denial the agent receives. */
export async function settleApproval(gate: ApprovalGate, request: ApprovalRequest, signal?: AbortSignal): Promise<AllowDecision | DenyDecision> {
  const { decision } = request;
  const answer = await gate.request(request, signal);
  if (answer.approved) {
    return {
      action: 'allow',
      tool: decision.tool,
      record: { ...decision.record, action: 'allow', approval: { outcome: 'approved', ...(answer.by ? { by: answer.by } : {}) } },
    };
  }
  if (answer.timedOut) return approvalDenial(decision, { kind: 'timeout' });
  return approvalDenial(decision, { kind: 'declined', ...(answer.reason ? { reason: answer.reason } : {}), ...(answer.by ? { by: answer.by } : {}) });
}
