import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InvalidGrantError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { describeNeedsSignIn, isAuthRequired, NeedsSignInError, needsSignInToolResult, toNeedsSignIn } from '../../../../electron/gateway/upstream/oauth/needs-sign-in.js';
import { refreshIsDue } from '../../../../electron/gateway/upstream/oauth/oauth-provider.js';
import { missingScopes, unionScopes } from '../../../../electron/gateway/upstream/oauth/scopes.js';

describe('isAuthRequired / toNeedsSignIn', () => {
  it('recognises sign-in failures, also wrapped as connectUpstream wraps them', () => {
    const wrapped = new Error('could not connect to https://x/mcp: Unauthorized', { cause: new UnauthorizedError() });
    expect(isAuthRequired(wrapped)).toBe(true);
    expect(isAuthRequired(new NeedsSignInError('gh'))).toBe(true);
    expect(isAuthRequired(new InvalidGrantError('refresh token revoked'))).toBe(true);
    expect(isAuthRequired(new StreamableHTTPError(401, 'Server returned 401 after successful authentication'))).toBe(true);
    expect(isAuthRequired(new StreamableHTTPError(403, 'Server returned 403 after trying upscoping'))).toBe(true);
  });

  it('leaves other failures alone', () => {
    expect(isAuthRequired(new StreamableHTTPError(403, 'Error POSTing to endpoint: forbidden by policy'))).toBe(false);
    expect(isAuthRequired(new StreamableHTTPError(500, 'boom'))).toBe(false);
    expect(isAuthRequired(new McpError(-32001, 'Request timed out'))).toBe(false);
    expect(isAuthRequired(Object.assign(new Error('tool failed'), { code: 401 }))).toBe(false);
    expect(isAuthRequired('401')).toBe(false);
    expect(isAuthRequired(undefined)).toBe(false);
  });

  it('names the server and the way out', () => {
    expect(toNeedsSignIn(new UnauthorizedError(), 'gh')!.message).toBe("Upstream server 'gh' needs a sign-in: sign in to gh in Portcullis (portcullis server login gh)");
    expect(toNeedsSignIn(new InvalidGrantError('x'), 'gh')!.reason).toBe('expired');
    expect(toNeedsSignIn(new StreamableHTTPError(403, 'Server returned 403 after trying upscoping'), 'gh')!.reason).toBe('more-scope');
    expect(toNeedsSignIn(new NeedsSignInError('other', 'more-scope', 'a b'), 'gh')).toMatchObject({ serverId: 'gh', reason: 'more-scope', scope: 'a b' });
    expect(toNeedsSignIn(new Error('nope'), 'gh')).toBeUndefined();
    expect(describeNeedsSignIn('gh', 'more-scope', 'repo')).toBe('Upstream server \'gh\' needs more permission (scope "repo"): sign in to gh in Portcullis (portcullis server login gh)');
  });

  it('gives downstream clients a tool error, not a protocol error', () => {
    expect(needsSignInToolResult(new NeedsSignInError('gh'))).toEqual({ isError: true, content: [{ type: 'text', text: describeNeedsSignIn('gh') }] });
  });
});

describe('refreshIsDue', () => {
  const record = (expiresIn: number | undefined, obtainedAt = 0) => ({ serverUrl: 'u', obtainedAt, tokens: { access_token: 'a', token_type: 'Bearer', ...(expiresIn === undefined ? {} : { expires_in: expiresIn }) } });
  it('refreshes a fifth of the lifetime early, at most a minute', () => {
    expect(refreshIsDue(record(3600), 3600_000 - 60_001)).toBe(false);
    expect(refreshIsDue(record(3600), 3600_000 - 60_000)).toBe(true);
    expect(refreshIsDue(record(10), 7_999)).toBe(false);
    expect(refreshIsDue(record(10), 8_000)).toBe(true);
  });
  it('never for tokens without a lifetime', () => {
    expect(refreshIsDue(record(undefined), 10 ** 12)).toBe(false);
  });
});

describe('scopes', () => {
  it('unions and diffs space-separated scope sets', () => {
    expect(unionScopes('a b', undefined, 'b c', '')).toBe('a b c');
    expect(unionScopes(undefined, '')).toBeUndefined();
    expect(missingScopes('a b c', 'b')).toEqual(['a', 'c']);
    expect(missingScopes(undefined, 'b')).toEqual([]);
  });
});
