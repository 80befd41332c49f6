// "A person must sign in": the error the gateway's OAuth provider raises instead of
// starting a browser flow, how to recognise it (and the SDK's own auth failures) wherever
// it surfaces, and what a downstream client is told.
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { InvalidGrantError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * Why a sign-in is needed: none yet, the old one cannot be refreshed, the server wants more
 * scope, or it kept refusing a scope that sign-ins already asked for (signing in again will
 * not help: see MAX_SCOPE_REFUSALS in oauth-provider.ts).
 */
export type SignInReason = 'not-signed-in' | 'expired' | 'more-scope' | 'scope-refused';

export function describeNeedsSignIn(serverId: string, reason: SignInReason = 'not-signed-in', scope?: string, refusals = 0): string {
  const action = `sign in to ${serverId} in Portcullis (portcullis server login ${serverId})`;
  const named = scope ? ` (scope "${scope}")` : '';
  if (reason === 'expired') return `The sign-in to upstream server '${serverId}' has expired and could not be renewed: ${action}`;
  if (reason === 'more-scope') return `Upstream server '${serverId}' needs more permission${named}: ${action}`;
  if (reason === 'scope-refused') {
    return (
      `Upstream server '${serverId}' still refuses with insufficient_scope${named} after ${refusals} sign-in${refusals === 1 ? '' : 's'} that asked for it, ` +
      `so Portcullis stops asking: signing in again will not help until the account is given that permission (then: portcullis server login ${serverId})`
    );
  }
  return `Upstream server '${serverId}' needs a sign-in${named}: ${action}`;
}

/** An UnauthorizedError, so the SDK's transports pass it through as they pass their own. */
export class NeedsSignInError extends UnauthorizedError {
  constructor(
    readonly serverId: string,
    readonly reason: SignInReason = 'not-signed-in',
    readonly scope?: string,
    /** For 'scope-refused': how many sign-ins the server refused. */
    readonly refusals = 0,
  ) {
    super(describeNeedsSignIn(serverId, reason, scope, refusals));
    this.name = 'NeedsSignInError';
  }
}

/**
 * True when `error` (or anything in its `cause` chain: connectUpstream wraps) means a
 * person must sign in: our NeedsSignInError, the SDK's UnauthorizedError, a refresh the
 * authorization server refused, or a transport giving up on 401 / on a step-up.
 */
export function isAuthRequired(error: unknown): boolean {
  return findAuthFailure(error) !== undefined;
}

/** The sign-in error to report for `error`, or undefined when it is about something else. */
export function toNeedsSignIn(error: unknown, serverId: string): NeedsSignInError | undefined {
  const found = findAuthFailure(error);
  if (found === undefined) return undefined;
  if (found instanceof NeedsSignInError) return found.serverId === serverId ? found : new NeedsSignInError(serverId, found.reason, found.scope, found.refusals);
  if (found instanceof InvalidGrantError) return new NeedsSignInError(serverId, 'expired');
  if (/upscoping/.test(found.message)) return new NeedsSignInError(serverId, 'more-scope');
  return new NeedsSignInError(serverId);
}

/** What a downstream tools/call gets instead of a raw 401: a tool error that says what to do. */
export function needsSignInToolResult(error: NeedsSignInError): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: error.message }] };
}

function findAuthFailure(error: unknown): Error | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    if (current instanceof UnauthorizedError || current instanceof InvalidGrantError) return current;
    const code = (current as { code?: unknown }).code;
    // StreamableHTTPError / SseError: the transport saw 401 again right after authorizing, or a 403 step-up it will not retry.
    if (code === 401 && /Streamable HTTP error|SSE error/.test(current.message)) return current;
    if (code === 403 && /upscoping/.test(current.message)) return current;
  }
  return undefined;
}
