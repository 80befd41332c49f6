// What a blocked call tells the agent: a tool result with isError: true whose text says
// what was blocked, by which rule, why, and for a limit when to retry. Never a silent drop.
import type { DenyDecision, HiddenDecision } from '../../../shared/policy/types.js';
import { describeDuration } from '../../../shared/policy/window.js';

/** `Portcullis denied 'x': <what>. Rule: tools.x. <reason>` */
export function denialText(tool: string, what: string | undefined, rulePath: string, reason: string | undefined): string {
  let text = `Portcullis denied '${tool}'`;
  if (what) text += `: ${what}`;
  text += `. Rule: ${rulePath}.`;
  if (reason) text += ` ${reason}`;
  return text;
}

export function hiddenText(tool: string): string {
  return `tool not available: '${tool}'`;
}

export function retryText(retryAfterSeconds: number | undefined): string {
  return retryAfterSeconds === undefined ? 'waiting will not help' : `retry in ${describeDuration(retryAfterSeconds)}`;
}

export interface DenialToolResult {
  content: { type: 'text'; text: string }[];
  isError: true;
  [key: string]: unknown;
}

/** The CallToolResult a denied or hidden call returns to the agent. */
export function denialResult(decision: DenyDecision | HiddenDecision): DenialToolResult {
  return { content: [{ type: 'text', text: decision.message }], isError: true };
}
