// Strings a client chooses about itself (clientInfo) reach the call log, approvals and the UI
// on every call: they are cut to a display length once, when the session is created, so a
// 3 MB name is not copied into every record.
import type { InitializeParams } from '../session/gateway-session.js';

export const MAX_CLIENT_STRING = 256;
const MARKER = '…';

/** `text` cut to at most `max` characters (UTF-16 units), ending in '…' when it was cut. */
export function truncateForDisplay(text: string, max = MAX_CLIENT_STRING): string {
  if (text.length <= max) return text;
  let end = max - MARKER.length;
  // Do not split a surrogate pair (an emoji) in two.
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end) + MARKER;
}

type ClientInfo = NonNullable<InitializeParams['clientInfo']>;

/** The initialize params with clientInfo's strings cut (name, version, title, description, websiteUrl); icons are dropped. */
export function boundInitialize(params: InitializeParams): InitializeParams {
  const info = params.clientInfo as (ClientInfo & Record<string, unknown>) | undefined;
  if (!info || typeof info !== 'object') return params;
  const bounded: Record<string, unknown> = {};
  for (const key of ['name', 'version', 'title', 'description', 'websiteUrl'] as const) {
    const value = info[key];
    if (typeof value === 'string') bounded[key] = truncateForDisplay(value);
  }
  return { ...params, clientInfo: bounded as ClientInfo };
}
