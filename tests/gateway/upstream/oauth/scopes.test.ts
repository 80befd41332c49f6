// OAuth scopes as space-separated sets (RFC 6749 §3.3): unions without repeats, and what a
// grant lacks of what was wanted.
import { describe, expect, it } from 'vitest';
import { missingScopes, unionScopes } from '../../../../electron/gateway/upstream/oauth/scopes.js';

describe('unionScopes', () => {
  it('joins scopes once each, in first-seen order, ignoring extra spaces and absent ones', () => {
    expect(unionScopes('read write', undefined, ' write  admin ', 'read')).toBe('read write admin');
  });

  it('is undefined when nothing is left', () => {
    expect(unionScopes()).toBeUndefined();
    expect(unionScopes(undefined, '', '   ')).toBeUndefined();
  });
});

describe('missingScopes', () => {
  it('lists the wanted scopes the grant lacks, in the order wanted', () => {
    expect(missingScopes('read write admin', 'write')).toEqual(['read', 'admin']);
    expect(missingScopes('read', 'read write')).toEqual([]);
    expect(missingScopes('a  b', undefined)).toEqual(['a', 'b']);
    expect(missingScopes(undefined, 'x')).toEqual([]);
  });

  it('compares whole scopes, not parts of them', () => {
    expect(missingScopes('repo', 'repo:read')).toEqual(['repo']);
  });
});
