// An approval asked inside the agent's own client: an MCP `elicitation/create` (form mode) that
// names the tool, the server, the risk class and the exact arguments, and offers approve once,
// approve for this session, or deny with an optional reason. Its user answers there; the agent
// (the model) never sees the question.
//
// A declined or cancelled form, an answer that is not one of the choices, or a client that fails
// the request is no answer from the client side (the person at Portcullis may still answer): only
// an explicit "Deny" denies.
import { maskArgumentPaths, type ApprovalDecision, type ApprovalRequest } from '../../../shared/approvals.js';

/** Sends one elicitation/create to the client and resolves with its result. */
export type Elicit = (params: Record<string, unknown>, signal: AbortSignal) => Promise<Record<string, unknown>>;

const CHOICES = ['approve_once', 'approve_session', 'deny'] as const;
const CHOICE_TITLES = ['Approve once', 'Approve for this session', 'Deny'];
/** Arguments longer than this are cut in the question (the window shows them whole). */
const MAX_ARGUMENTS_SHOWN = 4000;

export function clientQuestion(request: ApprovalRequest): Record<string, unknown> {
  const risk = request.riskClass ? `${request.riskClass}${request.riskLevel ? `, ${request.riskLevel} risk` : ''}` : 'not classified';
  let args = JSON.stringify(maskArgumentPaths(request.arguments, request.secretPaths), null, 2) ?? '{}';
  if (args.length > MAX_ARGUMENTS_SHOWN) args = `${args.slice(0, MAX_ARGUMENTS_SHOWN)}\n… (cut; Portcullis shows them whole)`;
  return {
    message: [
      `Portcullis: your agent wants to call '${request.tool}' on server '${request.server}' (${risk}). Policy rule ${request.rule} needs a person's approval.`,
      `Arguments${request.secretPaths.length > 0 ? ' (secret-looking values masked)' : ''}:`,
      args,
    ].join('\n'),
    requestedSchema: {
      type: 'object',
      properties: {
        decision: { type: 'string', title: 'Decision', enum: [...CHOICES], enumNames: CHOICE_TITLES },
        reason: { type: 'string', title: 'Reason (told to the agent if you deny)', maxLength: 500 },
      },
      required: ['decision'],
    },
  };
}

/** The decision in a client's answer, or undefined when it gave none. */
export function clientAnswer(result: Record<string, unknown>): ApprovalDecision | undefined {
  if (result.action !== 'accept') return undefined;
  const content = result.content as { decision?: unknown; reason?: unknown } | undefined;
  const reason = typeof content?.reason === 'string' && content.reason.trim() !== '' ? content.reason.trim().slice(0, 2000) : undefined;
  switch (content?.decision) {
    case 'approve_once':
      return { action: 'approve', scope: 'once' };
    case 'approve_session':
      return { action: 'approve', scope: 'session' };
    case 'deny':
      return { action: 'deny', ...(reason ? { reason } : {}) };
    default:
      return undefined;
  }
}

/** Asks in the client; undefined when the client gave no answer (declined, cancelled, failed). */
export async function askInClient(elicit: Elicit, request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision | undefined> {
  try {
    return clientAnswer(await elicit(clientQuestion(request), signal));
  } catch {
    return undefined;
  }
}
