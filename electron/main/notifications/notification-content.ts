// The words of each notification: what happened and what the person can do about it.
import type { ApprovalRequest } from '../../../shared/approvals.js';
import type { ServerStatus } from '../../../shared/config.js';
import type { PolicyIssue } from '../../../shared/policy/types.js';

export interface NotificationText {
  title: string;
  body: string;
}

export function approvalText(request: ApprovalRequest): NotificationText {
  const client = request.client?.name ?? request.grant;
  const risk = request.riskLevel ? `${request.riskLevel} risk${request.riskClass ? ` (${request.riskClass})` : ''}` : 'risk not classified';
  return {
    title: `Approve ${request.tool}?`,
    body: `${client} wants to call ${request.tool} on ${request.server}. ${capitalize(risk)}.`,
  };
}

export function crashText(status: ServerStatus, failures: number): NotificationText {
  return {
    title: `${status.id} keeps crashing`,
    body: `It failed ${failures} times in a row${status.lastError ? `: ${truncate(status.lastError, 140)}` : ''}. Portcullis keeps restarting it.`,
  };
}

export function signInText(status: ServerStatus): NotificationText {
  return {
    title: `Sign in to ${status.id}`,
    body: `${status.id} needs you to sign in before Portcullis can reach it; calls to it are refused until then. Click to open Servers.`,
  };
}

export function toolChangedText(serverId: string, tools: { name: string; status: string }[]): NotificationText {
  const names = tools.slice(0, 3).map((t) => `'${t.name}'`).join(', ') + (tools.length > 3 ? ` and ${tools.length - 3} more` : '');
  const appeared = tools.every((t) => t.status === 'new');
  return {
    title: appeared ? `New tool on ${serverId}` : `A tool on ${serverId} changed`,
    body: `${names} ${appeared ? 'appeared' : 'changed its definition'} since you reviewed it. Click to review it in the Catalog.`,
  };
}

export function policyRefusedText(serverId: string, errors: PolicyIssue[]): NotificationText {
  const first = errors[0];
  const where = first ? `${first.path || '(document)'}: ${truncate(first.message, 120)}` : 'the document is not valid';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return {
    title: `Policy for ${serverId} refused`,
    body: `${where}${more}. The last good policy stays active.`,
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
