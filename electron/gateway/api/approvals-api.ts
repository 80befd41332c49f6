// Api: approvals (list the held calls, decide one; the history, and the approvals kept for a retry).
import type { PortcullisApi } from '../../../shared/api.js';
import type { ApprovalDecision } from '../../../shared/approvals.js';
import { ApprovalNotFound } from '../approvals/approval-broker.js';
import type { Portcullis } from '../portcullis.js';
import { notFound } from '../../../shared/api-error.js';

export function approvalsApi(app: Portcullis): Pick<PortcullisApi, 'listApprovals' | 'decideApproval' | 'approvalHistory' | 'revokeApproval'> {
  return {
    listApprovals: async () => app.approvals.list(),
    async decideApproval({ id, decision }, context) {
      return orNotFound(() => app.approvals.decide(id, decision as ApprovalDecision, context?.actor));
    },
    approvalHistory: async ({ limit }) => app.approvals.history.list(limit ?? 200),
    async revokeApproval({ id }, context) {
      return orNotFound(() => app.approvals.revokeKept(id, context?.actor));
    },
  };
}

function orNotFound<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ApprovalNotFound) throw notFound(error.message);
    throw error;
  }
}
