// The tray menu as data: built from a snapshot and the actions it may take, so each state's
// content can be read and clicked in a test without a real tray.
import type { MenuItemConstructorOptions } from 'electron';
import type { ApprovalRequest } from '../../../shared/approvals.js';
import type { WindowRoute } from '../window/window-route.js';
import { statusLine, type TraySnapshot } from './tray-state.js';

/** Beyond this many, the menu points to the window instead of growing off the screen. */
export const MAX_APPROVALS_IN_MENU = 8;

export interface TrayActions {
  approve(id: string, scope: 'once' | 'session'): void;
  deny(id: string): void;
  setPaused(paused: boolean): void;
  open(route?: WindowRoute): void;
  /** The UI in the default browser, signed in with a fresh one-time link. */
  openInBrowser(): void;
  setStartAtLogin(enabled: boolean): void;
  copy(text: string): void;
  quit(): void;
}

export function buildTrayMenu(snapshot: TraySnapshot, actions: TrayActions): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [
    { id: 'status', label: statusLine(snapshot), enabled: false },
    { id: 'endpoint', label: `Endpoint: ${snapshot.url}/mcp/<server>`, toolTip: 'Copy the gateway address', click: () => actions.copy(snapshot.url) },
    ...serverLines(snapshot, actions),
  ];
  if (snapshot.approvals.length > 0) items.push({ type: 'separator' }, ...approvalItems(snapshot.approvals, actions));
  const changed = snapshot.changedTools ?? [];
  if (changed.length > 0) {
    const label = changed.length === 1 ? `Review '${changed[0]?.tool}' (${changed[0]?.serverId}): definition changed…` : `Review ${changed.length} changed tools…`;
    items.push({ type: 'separator' }, { id: 'review-changed', label, click: () => actions.open({ view: 'catalog', param: changed[0]?.serverId }) });
  }
  items.push(
    { type: 'separator' },
    { id: 'pause', label: 'Pause gateway', type: 'checkbox', checked: snapshot.paused, click: () => actions.setPaused(!snapshot.paused) },
    { id: 'open', label: 'Open Portcullis', click: () => actions.open() },
    { id: 'open-browser', label: 'Open in browser', toolTip: 'Sign a browser in with a fresh one-time link', click: () => actions.openInBrowser() },
    { id: 'start-at-login', label: 'Start at login', type: 'checkbox', checked: snapshot.startAtLogin, click: () => actions.setStartAtLogin(!snapshot.startAtLogin) },
    { type: 'separator' },
    { id: 'quit', label: 'Quit Portcullis', click: () => actions.quit() },
  );
  return items;
}

function serverLines(snapshot: TraySnapshot, actions: TrayActions): MenuItemConstructorOptions[] {
  const troubled = snapshot.servers.filter((s) => s.state === 'failed' || s.state === 'needs-sign-in');
  return troubled.map((s) => ({
    id: `server:${s.id}`,
    label: s.state === 'failed' ? `${s.id}: failed${s.lastError ? ` (${truncate(s.lastError, 60)})` : ''}` : `${s.id}: needs sign-in`,
    click: () => actions.open({ view: 'servers' }),
  }));
}

function approvalItems(approvals: ApprovalRequest[], actions: TrayActions): MenuItemConstructorOptions[] {
  const shown = approvals.slice(0, MAX_APPROVALS_IN_MENU);
  const items: MenuItemConstructorOptions[] = [{ id: 'approvals-header', label: 'Waiting for approval', enabled: false }];
  for (const request of shown) {
    items.push({
      id: `approval:${request.id}`,
      label: approvalLabel(request),
      submenu: [
        { id: `approve:${request.id}`, label: 'Approve', click: () => actions.approve(request.id, 'once') },
        { id: `approve-session:${request.id}`, label: 'Approve for this session', click: () => actions.approve(request.id, 'session') },
        { id: `deny:${request.id}`, label: 'Deny', click: () => actions.deny(request.id) },
        { type: 'separator' },
        { id: `details:${request.id}`, label: 'Details…', click: () => actions.open({ view: 'approvals' }) },
      ],
    });
  }
  if (approvals.length > shown.length) {
    items.push({ id: 'approvals-more', label: `${approvals.length - shown.length} more…`, click: () => actions.open({ view: 'approvals' }) });
  }
  return items;
}

/** `tool — client · risk`, what a person needs to decide from the menu. */
export function approvalLabel(request: ApprovalRequest): string {
  const client = request.client?.name ?? request.grant;
  const risk = request.riskLevel ? `${request.riskLevel} risk` : 'unclassified';
  return `${request.server}/${request.tool} — ${client} · ${risk}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
