// What the tray shows at a glance, derived from the core's state. Most urgent first:
// a person is needed (approvals, sign-in, a tool definition changed behind their back) >
// something is broken > paused > all good.
import type { ApprovalRequest } from '../../../shared/approvals.js';
import type { ServerStatus } from '../../../shared/config.js';

export const TRAY_STATES = ['running', 'paused', 'attention', 'error'] as const;
export type TrayState = (typeof TRAY_STATES)[number];

export interface TraySnapshot {
  paused: boolean;
  /** Base URL of the gateway, e.g. http://127.0.0.1:7337 */
  url: string;
  servers: ServerStatus[];
  approvals: ApprovalRequest[];
  startAtLogin: boolean;
  /** Tools whose definition changed (or that appeared) since a person reviewed them. */
  changedTools?: { serverId: string; tool: string }[];
}

export function trayStateOf(snapshot: TraySnapshot): TrayState {
  if (snapshot.approvals.length > 0 || snapshot.servers.some((s) => s.state === 'needs-sign-in') || (snapshot.changedTools?.length ?? 0) > 0) return 'attention';
  if (snapshot.servers.some((s) => s.state === 'failed')) return 'error';
  if (snapshot.paused) return 'paused';
  return 'running';
}

/** One line for the menu header and the tooltip. */
export function statusLine(snapshot: TraySnapshot): string {
  const state = trayStateOf(snapshot);
  if (state === 'attention') {
    const waiting = snapshot.approvals.length;
    if (waiting > 0) return `${waiting} ${waiting === 1 ? 'call waits' : 'calls wait'} for approval`;
    const signIn = snapshot.servers.find((s) => s.state === 'needs-sign-in');
    if (signIn) return `${signIn.id} needs sign-in`;
    const changed = snapshot.changedTools ?? [];
    return changed.length === 1 ? `${changed[0]?.serverId}: '${changed[0]?.tool}' changed since review` : `${changed.length} tools changed since review`;
  }
  if (state === 'error') {
    const failed = snapshot.servers.filter((s) => s.state === 'failed');
    return failed.length === 1 ? `Server ${failed[0]?.id} failed` : `${failed.length} servers failed`;
  }
  if (state === 'paused') return 'Gateway paused: every call is denied';
  const ready = snapshot.servers.filter((s) => s.state === 'ready').length;
  return `Gateway running: ${ready} of ${snapshot.servers.length} ${snapshot.servers.length === 1 ? 'server' : 'servers'} ready`;
}
