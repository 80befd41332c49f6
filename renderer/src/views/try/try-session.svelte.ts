// What the Try view holds, kept outside the component: a call held for approval outlives a
// visit to Approvals, and its answer is still there when the person comes back.
import type { ApprovalRequest } from '../../../../shared/approvals.js';
import { TRY_CALL_CLIENT_NAME, type TryCallResult } from '../../../../shared/api.js';
import { describeError } from '../../lib/api/api-error.js';
import type { FormState } from '../../lib/schema-form.js';
import { app } from '../../stores/app.svelte.js';

class TrySession {
  serverId = $state('');
  tool = $state('');
  grant = $state('');
  asJson = $state(false);
  jsonText = $state('{}');
  formState = $state<FormState>({});
  /** `server/tool` the form was last filled for (a new tool starts a fresh form). */
  formFor = '';
  running = $state(false);
  waiting = $state<ApprovalRequest | undefined>();
  outcome = $state<TryCallResult | undefined>();
  failure = $state('');
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    // A call of ours held for approval: say so, and link to where it can be answered.
    app.on((event) => {
      if (!this.running) return;
      const ours = event.event === 'approval-requested' && event.data.client?.name === TRY_CALL_CLIENT_NAME && event.data.tool === this.tool && event.data.server === this.serverId;
      if (ours) this.waiting = event.data;
      if (event.event === 'approval-resolved' && this.waiting?.id === event.data.id) this.waiting = undefined;
    });
  }

  clearAnswer(): void {
    this.outcome = undefined;
    this.failure = '';
  }

  async run(args: Record<string, unknown>): Promise<void> {
    this.running = true;
    this.clearAnswer();
    try {
      this.outcome = await app.client.tryCall({ serverId: this.serverId, tool: this.tool, arguments: args, grant: this.grant });
    } catch (error) {
      this.failure = describeError(error);
    } finally {
      this.running = false;
      this.waiting = undefined;
    }
  }
}

export const trySession = new TrySession();
