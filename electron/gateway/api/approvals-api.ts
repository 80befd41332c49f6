// Api: approvals (list the held calls, decide one).
import type { PortcullisApi } from '../../../shared/api.js';
import type { ApprovalDecision } from '../../../shared/approvals.js';
import { ApprovalNotFound } from '../approvals/approval-broker.js';
import type { Portcullis } from '../portcullis.js';
import { notFound } from '../../../shared/api-error.js';

export function approvalsApi(app: Portcullis): Pick<PortcullisApi, 'listApprovals' | 'decideApproval'> {
  return {
    listApprovals: async () => app.approvals.list(),
    async decideApproval({ id, decision }, context) {
      try {
        return app.approvals.decide(id, decision as ApprovalDecision, context?.actor);
      } catch (error) {
        if (error instanceof ApprovalNotFound) throw notFound(error.message);
        throw error;
      }
    },
  };
}
