// Pinning at call time: a tool that is new, changed, or not listed at all is flagged
// (mode `warn`: the call goes ahead, the log and UI show the flag) or denied (mode
// `block`) until a person reviews it.
import type { PinningMode } from '../../../shared/config.js';
import type { PinVerdict } from '../../../shared/catalog.js';
import { statusOf, type ServerRecord } from './catalog-state.js';

export function reviewHint(serverId: string, tool: string): string {
  return `review it in Portcullis (portcullis catalog review ${serverId} ${tool})`;
}

/** `changedFields`: which parts of the definition differ from the accepted one, for the message. */
export function pinVerdict(
  server: ServerRecord | undefined,
  serverId: string,
  toolName: string,
  mode: PinningMode,
  changedFields: () => string[],
): PinVerdict {
  // A server never synced has no baseline yet: nothing to hold its tools to.
  if (!server) return { allowed: true };
  const tool = server.tools.get(toolName);
  const status = tool ? statusOf(tool) : 'removed';
  if (status === 'accepted') return { allowed: true };

  let flag: 'new' | 'changed';
  let message: string;
  if (status === 'changed') {
    flag = 'changed';
    const fields = changedFields();
    message = `tool '${toolName}' changed since it was reviewed${fields.length > 0 ? ` (${fields.join(', ')})` : ''}; ${reviewHint(serverId, toolName)}`;
  } else if (status === 'new') {
    flag = 'new';
    message = `tool '${toolName}' is new on server '${serverId}' and has not been reviewed; ${reviewHint(serverId, toolName)}`;
  } else {
    flag = 'new';
    message = `tool '${toolName}' is not in the tool list of server '${serverId}'; only listed, reviewed tools are trusted`;
  }
  return { allowed: mode === 'warn', flag, message };
}
