// Calls held for a person's decision, kept in step with the approval events, and the history
// of every question that ended (read from the gateway, which keeps it on disk: a reload or a
// restart loses none of it), with the single-use approvals waiting for an agent's retry. The
// pending count feeds the badge that every view shows.
import type { ApprovalDecision, ApprovalHistoryEntry, ApprovalRequest } from '../../../shared/approvals.js';
import { app } from './app.svelte.js';
import { toasts } from './toasts.svelte.js';
import { browserNotifications } from './browser-notifications.svelte.js';

/** History entries shown (the gateway keeps more). */
const HISTORY_SHOWN = 100;

class ApprovalsStore {
  pending = $state<ApprovalRequest[]>([]);
  /** Questions that ended, newest first. */
  history = $state<ApprovalHistoryEntry[]>([]);
  loaded = $state(false);
  /** Ids being decided or revoked right now (buttons disabled meanwhile). */
  busy = $state<string[]>([]);
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    app.on((event) => {
      if (event.event === 'approval-requested') this.add(event.data);
      else if (event.event === 'approval-updated') this.update(event.data);
      else if (event.event === 'approval-resolved') this.remove(event.data.id);
      else if (event.event === 'approval-history') this.upsertHistory(event.data);
    });
    app.onResume(() => void this.load());
    void this.load();
    // Started with the approvals (App.svelte starts the stores): the headless UI's browser notifications.
    browserNotifications.start();
  }

  /** Single-use approvals not yet used, revoked or expired (as of `now`). */
  waitingToBeUsed(now: number): ApprovalHistoryEntry[] {
    return this.history.filter((e) => e.kept?.state === 'waiting' && Date.parse(e.kept.until) > now);
  }

  async load(): Promise<void> {
    try {
      const [list, history] = await Promise.all([app.client.listApprovals({}), app.client.approvalHistory({ limit: HISTORY_SHOWN })]);
      this.pending = list.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
      this.history = history;
      this.loaded = true;
    } catch (error) {
      toasts.error(error, 'Could not load approvals');
    }
  }

  private add(request: ApprovalRequest): void {
    if (!this.pending.some((p) => p.id === request.id)) this.pending.push(request);
  }

  private update(request: ApprovalRequest): void {
    const i = this.pending.findIndex((p) => p.id === request.id);
    if (i >= 0) this.pending[i] = request;
    else this.pending.push(request);
  }

  private remove(id: string): void {
    this.pending = this.pending.filter((p) => p.id !== id);
  }

  private upsertHistory(entry: ApprovalHistoryEntry): void {
    this.history = [entry, ...this.history.filter((e) => e.request.id !== entry.request.id)].slice(0, HISTORY_SHOWN);
  }

  async decide(id: string, decision: ApprovalDecision): Promise<void> {
    await this.whileBusy(id, 'The decision was not recorded', async () => {
      const resolution = await app.client.decideApproval({ id, decision });
      this.remove(resolution.id);
    });
  }

  /** Takes back a single-use approval before the agent's retry uses it. */
  async revoke(id: string): Promise<void> {
    await this.whileBusy(id, 'The approval was not revoked', async () => this.upsertHistory(await app.client.revokeApproval({ id })));
  }

  private async whileBusy(id: string, failure: string, run: () => Promise<void>): Promise<void> {
    this.busy = [...this.busy, id];
    try {
      await run();
    } catch (error) {
      toasts.error(error, failure);
      void this.load();
    } finally {
      this.busy = this.busy.filter((b) => b !== id);
    }
  }
}

export const approvals = new ApprovalsStore();
