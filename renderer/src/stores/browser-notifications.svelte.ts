// Browser notifications for the headless UI (`portcullis serve` in a browser tab): the same
// three kinds the desktop app shows as OS notifications (a call waits for approval, a server
// fails or needs sign-in, a policy file is refused), each under its Settings switch. A browser
// shows them only once the person granted permission, which it asks for only on a click (see
// Settings), and only in a secure context (127.0.0.1 is one). In the desktop app the main
// process shows OS notifications instead, so nothing is shown from here.
import type { ApprovalRequest } from '../../../shared/approvals.js';
import type { Settings } from '../../../shared/config.js';
import { app } from './app.svelte.js';
import { settings } from './settings.svelte.js';
import { routeHash, type ViewName } from '../lib/routes.js';

export type BrowserNotificationState = NotificationPermission | 'unsupported' | 'insecure' | 'desktop';

/** Why browser notifications cannot be shown here, in words; undefined when they can (or may, once permitted). */
export function unavailableReason(state: BrowserNotificationState): string | undefined {
  switch (state) {
    case 'unsupported':
      return 'this browser has no notifications';
    case 'insecure':
      return 'the page is not a secure context; open the UI at 127.0.0.1 or over https';
    case 'denied':
      return "this browser blocks them for this page; allow notifications in the site's settings";
    default:
      return undefined;
  }
}

function readState(): BrowserNotificationState {
  if (app.info?.host === 'electron') return 'desktop';
  if (typeof window === 'undefined') return 'unsupported';
  if (!window.isSecureContext) return 'insecure';
  if (!('Notification' in window)) return 'unsupported';
  return Notification.permission;
}

class BrowserNotifications {
  state = $state<BrowserNotificationState>('unsupported');
  /** Open approval notifications, closed when the question is answered elsewhere. */
  private readonly open = new Map<string, Notification>();
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    this.refresh();
    app.on((event) => {
      if (event.event === 'approval-requested') this.approvalRequested(event.data);
      else if (event.event === 'approval-resolved') this.close(event.data.id);
      else if (event.event === 'server-status' && (event.data.state === 'failed' || event.data.state === 'needs-sign-in')) {
        const words = event.data.state === 'failed' ? `failed${event.data.lastError ? `: ${event.data.lastError}` : ''}` : 'needs you to sign in';
        this.show('serverCrashes', `Server ${event.data.id} ${event.data.state === 'failed' ? 'failed' : 'needs sign-in'}`, `${event.data.id} ${words}`, 'servers', `server-${event.data.id}`);
      } else if (event.event === 'policy-refused') {
        const first = event.data.errors[0];
        this.show('policyRefused', `Policy for ${event.data.serverId} refused`, `${first ? `${first.path || '(document)'}: ${first.message}` : 'the file has errors'}. The last good policy stays active.`, 'policy', `policy-${event.data.serverId}`);
      }
    });
  }

  /** Reads the permission again (the person may have changed it in the browser's site settings). */
  refresh(): void {
    this.state = readState();
  }

  /** Asks the browser for permission: call it from a click (browsers refuse otherwise). */
  async askPermission(): Promise<void> {
    this.refresh();
    if (this.state !== 'default') return;
    this.state = await Notification.requestPermission();
  }

  private approvalRequested(request: ApprovalRequest): void {
    if (request.quiet) return; // asked in the agent's client only
    const risk = request.riskClass ? ` · ${request.riskClass}${request.riskLevel ? ` (${request.riskLevel})` : ''}` : '';
    const shown = this.show('approvals', `Approval needed: ${request.tool}`, `${request.server} · from ${request.grant}${risk}. Open Portcullis to approve or deny.`, 'approvals', `approval-${request.id}`);
    if (shown) {
      this.open.set(request.id, shown);
      shown.addEventListener('close', () => this.open.delete(request.id));
    }
  }

  private close(id: string): void {
    this.open.get(id)?.close();
    this.open.delete(id);
  }

  private show(kind: keyof Settings['notifications'], title: string, body: string, view: ViewName, tag: string): Notification | undefined {
    if (this.state !== 'granted' || settings.current?.notifications[kind] === false) return undefined;
    // The person is looking at this window: the view itself shows it.
    if (document.visibilityState === 'visible' && document.hasFocus()) return undefined;
    const notification = new Notification(title, { body, tag });
    notification.addEventListener('click', () => {
      window.focus();
      window.location.hash = routeHash({ view }); // the router follows the hash
      notification.close();
    });
    return notification;
  }
}

export const browserNotifications = new BrowserNotifications();
