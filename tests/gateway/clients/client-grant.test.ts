// One grant per client, named by its label: created on the first connect, given a new token
// later (the old one stops working), and a token already in the client's file reused only
// while it is still the grant's current one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findGrant } from '../../../electron/gateway/auth/grant-tokens.js';
import { grantNameFor, issueClientGrant, reusableToken } from '../../../electron/gateway/clients/client-grant.js';
import { ConfigStore } from '../../../electron/gateway/store/config-store.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-client-grant-');
let store: ConfigStore;
beforeEach(async () => {
  store = await ConfigStore.open(tmp.path);
});
afterEach(() => store.close());

describe('client grants', () => {
  it('names the grant after the client\'s label', () => {
    expect(grantNameFor('claude-desktop')).toBe('Claude Desktop');
    expect(grantNameFor('vscode')).toBe('VS Code');
  });

  it('creates the grant, then rotates its token: the old token stops working', async () => {
    const first = await issueClientGrant(store, 'cursor');
    expect(first).toMatchObject({ name: 'Cursor', action: 'created' });
    expect(findGrant(store.data.grants, first.token)?.name).toBe('Cursor');
    const second = await issueClientGrant(store, 'cursor');
    expect(second.action).toBe('rotated');
    expect(second.token).not.toBe(first.token);
    expect(findGrant(store.data.grants, first.token)).toBeUndefined();
    expect(findGrant(store.data.grants, second.token)?.name).toBe('Cursor');
    expect(store.data.grants.filter((g) => g.name === 'Cursor')).toHaveLength(1);
  });

  it('reuses only a candidate that is the grant\'s current token, and nothing without a grant', async () => {
    expect(reusableToken(store, 'cursor', ['anything'])).toBeUndefined();
    const { token: old } = await issueClientGrant(store, 'cursor');
    const { token } = await issueClientGrant(store, 'cursor');
    expect(reusableToken(store, 'cursor', ['stranger', old, token])).toBe(token);
    expect(reusableToken(store, 'cursor', [old])).toBeUndefined();
    expect(reusableToken(store, 'windsurf', [token])).toBeUndefined(); // another client's grant
  });
});
