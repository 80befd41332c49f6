// Calls held for a person's decision, kept in step with the approval events. The
// count feeds the badge that every view shows.
import type { ApprovalDecision, ApprovalRequest, ApprovalResolution } from '../../../shared/approvals.js';
import { app } from './app.svelte.js';
import { toasts } from './toasts.svelte.js';

export interface ResolvedApproval {
  request: ApprovalRequest;
  resolution: ApprovalResolution;
  at: string;
}

class ApprovalsStore {
  pending = $state<ApprovalRequest[]>([]);
  /** Decided in this window's lifetime, newest first (a short history under the queue). */
  recent = $state<ResolvedApproval[]>([]);
  loaded = $state(false);
  /** Ids being decided right now (buttons disabled meanwhile). */
  busy = $state<string[]>([]);
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    app.on((event) => {
      if (event.event === 'approval-requested') this.add(event.data);
      else if (event.event === 'approval-resolved') this.resolve(event.data);
    });
    app.onResume(() => void this.load());
    void this.load();
  }

  async load(): Promise<void> {
    try {
      const list = await app.client.listApprovals({});
      this.pending = list.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
      this.loaded = true;
    } catch (error) {
      toasts.error(error, 'Could not load approvals');
    }
  }

  private add(request: ApprovalRequest): void {
    if (this.pending.some((p) => p.id === request.id)) return;
    this.pending.push(request);
  }

  private resolve(resolution: ApprovalResolution): void {
    const request = this.pending.find((p) => p.id === resolution.id);
    this.pending = this.pending.filter((p) => p.id !== resolution.id);
    if (request) this.recent = [{ request, resolution, at: new Date().toISOString() }, ...this.recent].slice(0, 20);
  }

  async decide(id: string, decision: ApprovalDecision): Promise<void> {
    this.busy = [...this.busy, id];
    try {
      const resolution = await app.client.decideApproval({ id, decision });
      this.resolve(resolution);
    } catch (error) {
      toasts.error(error, 'The decision was not recorded');
      void this.load();
    } finally {
      this.busy = this.busy.filter((b) => b !== id);
    }
  }
}

export const approvals = new ApprovalsStore();
