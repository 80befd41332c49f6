// Native notifications: one per approval request (a click opens the Approvals view; on
// macOS and Windows it also carries Approve / Deny buttons — Linux has no actions, so a
// click there is the way in), one when a server keeps crashing, one when a policy edit is
// refused. Each kind obeys its switch in Settings.notifications: read through the Api at
// start, then kept from the Api's settings-changed events (no reads of the core itself).
import { Notification } from 'electron';
import { onApiEvent, type ApiCallContext, type ApiEvents, type ApiInput, type PortcullisClient } from '../../../shared/api.js';
import { callApi } from '../../gateway/api/call-api.js';
import type { ApprovalRequest } from '../../../shared/approvals.js';
import type { Settings } from '../../../shared/config.js';
import type { WindowRoute } from '../window/window-route.js';
import { CrashTracker } from './crash-tracker.js';
import { approvalText, crashText, policyRefusedText, signInText, toolChangedText, type NotificationText } from './notification-content.js';

/** Approve is action 0, Deny action 1. */
const APPROVAL_ACTIONS = [
  { type: 'button' as const, text: 'Approve' },
  { type: 'button' as const, text: 'Deny' },
];

/** Notifications are kept referenced (else their click handlers may be collected) up to this many. */
const KEEP_RECENT = 20;

const NOTIFICATION: ApiCallContext = { actor: 'notification' };

export interface NotifierOptions {
  /** Events and the notification switches come from here, and a notification's Approve / Deny goes through it. */
  api: PortcullisClient;
  platform: NodeJS.Platform;
  icon?: string;
  openWindow(route?: WindowRoute): void;
  log(message: string): void;
}

export function platformHasActions(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32';
}

export class Notifier {
  private readonly approvals = new Map<string, Notification>();
  private readonly recent: Notification[] = [];
  private readonly crashes = new CrashTracker();
  private unsubscribe?: () => void;
  /** The switches as last heard; undefined until start() has read them. */
  private switches?: Settings['notifications'];

  constructor(private readonly options: NotifierOptions) {}

  /** Listens first, so a change while the settings are read is not lost (it wins over the read). */
  async start(): Promise<void> {
    this.unsubscribe = this.options.api.subscribe(
      onApiEvent((event) => {
        if (event.event === 'settings-changed') this.switches = event.data.notifications;
        else if (event.event === 'approval-requested') this.approvalRequested(event.data);
        else if (event.event === 'approval-resolved') this.approvalResolved(event.data.id);
        else if (event.event === 'server-status') this.serverStatus(event.data);
        else if (event.event === 'policy-refused') this.policyRefused(event.data);
        else if (event.event === 'catalog-changed') void this.catalogChanged(event.data.serverId);
      }),
    );
    const settings = await this.options.api.getSettings({});
    this.switches ??= settings.notifications;
  }

  dispose(): void {
    this.unsubscribe?.();
    for (const notification of this.approvals.values()) notification.close();
    this.approvals.clear();
  }

  /** Notifications currently held (open approval requests and the most recent others). */
  shown(): Notification[] {
    return [...this.approvals.values(), ...this.recent];
  }

  private enabled(kind: keyof Settings['notifications']): boolean {
    return (this.switches?.[kind] ?? true) && Notification.isSupported();
  }

  private approvalRequested(request: ApprovalRequest): void {
    if (!this.enabled('approvals') || request.quiet) return;
    const actions = platformHasActions(this.options.platform);
    const high = request.riskLevel === 'high' || request.riskLevel === 'critical';
    const notification = this.create(approvalText(request), {
      id: `approval-${request.id}`,
      groupId: 'approvals',
      timeoutType: 'never',
      urgency: high ? 'critical' : 'normal',
      ...(actions ? { actions: APPROVAL_ACTIONS } : {}),
    });
    notification.on('click', () => this.options.openWindow({ view: 'approvals' }));
    if (actions) {
      notification.on('action', (details, legacyIndex) => {
        const index = details?.actionIndex ?? legacyIndex;
        if (index === 0) this.decide(request.id, { action: 'approve', scope: 'once' });
        else if (index === 1) this.decide(request.id, { action: 'deny', reason: 'Denied from a Portcullis notification' });
      });
    }
    notification.on('close', () => this.approvals.delete(request.id));
    this.approvals.set(request.id, notification);
    notification.show();
  }

  /** Answered (here, in the window, the tray or the CLI), timed out or withdrawn: the question is gone. */
  private approvalResolved(id: string): void {
    const notification = this.approvals.get(id);
    if (!notification) return;
    this.approvals.delete(id);
    notification.close();
  }

  /** Servers we already asked the person to sign in to (asked again only after it was ready once). */
  private readonly signInAsked = new Set<string>();

  private serverStatus(status: ApiEvents['server-status']): void {
    if (status.state === 'needs-sign-in') {
      if (!this.signInAsked.has(status.id) && this.enabled('serverCrashes')) this.showOther(signInText(status), { view: 'servers' });
      this.signInAsked.add(status.id);
      return;
    }
    if (status.state === 'ready') this.signInAsked.delete(status.id);
    const failures = this.crashes.observe(status);
    if (failures === undefined || !this.enabled('serverCrashes')) return;
    this.showOther(crashText(status, failures), { view: 'servers' });
  }

  private policyRefused({ serverId, errors }: ApiEvents['policy-refused']): void {
    if (!this.enabled('policyRefused')) return;
    this.showOther(policyRefusedText(serverId, errors), { view: 'policy', param: serverId });
  }

  /** Definitions already notified (server, tool, hash): a catalog event for anything else does not repeat them. */
  private readonly toolsNotified = new Set<string>();

  private async catalogChanged(serverId: string): Promise<void> {
    if (!this.enabled('toolChanges')) return;
    let entries;
    try {
      entries = await this.options.api.listCatalog({ serverId });
    } catch (error) {
      this.options.log(`catalog of ${serverId} for a notification: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const fresh = entries.filter((e) => (e.status === 'new' || e.status === 'changed') && !this.toolsNotified.has(`${serverId}\u0000${e.name}\u0000${e.hash}`));
    if (fresh.length === 0) return;
    for (const e of fresh) this.toolsNotified.add(`${serverId}\u0000${e.name}\u0000${e.hash}`);
    this.showOther(toolChangedText(serverId, fresh.map((e) => ({ name: e.name, status: e.status }))), { view: 'catalog', param: serverId });
  }

  private showOther(text: NotificationText, route: WindowRoute): void {
    const notification = this.create(text, {});
    notification.on('click', () => this.options.openWindow(route));
    this.recent.push(notification);
    if (this.recent.length > KEEP_RECENT) this.recent.shift();
    notification.show();
  }

  private create(text: NotificationText, extra: Partial<Electron.NotificationConstructorOptions>): Notification {
    return new Notification({ title: text.title, body: text.body, ...(this.options.icon ? { icon: this.options.icon } : {}), ...extra });
  }

  private decide(id: string, decision: ApiInput<'decideApproval'>['decision']): void {
    callApi(this.options.api, 'decideApproval', { id, decision }, NOTIFICATION).catch((error: unknown) => {
      // Answered elsewhere or timed out meanwhile: nothing left to do.
      this.options.log(`notification decision for ${id}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}
