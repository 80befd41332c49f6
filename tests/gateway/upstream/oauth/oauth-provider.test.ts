// The SDK's OAuth client provider as Portcullis implements it: the gateway never registers or
// redirects (it asks for a sign-in instead), a sign-in keeps its tokens apart until it
// succeeds, refreshes fall due a little before expiry, and repeated scope refusals stop
// asking for another sign-in.
import { describe, expect, it } from 'vitest';
import { NeedsSignInError } from '../../../../electron/gateway/upstream/oauth/needs-sign-in.js';
import {
  expiresAt, MAX_SCOPE_REFUSALS, PortcullisOAuthProvider, refreshIsDue,
} from '../../../../electron/gateway/upstream/oauth/oauth-provider.js';
import { OAuthStore } from '../../../../electron/gateway/upstream/oauth/token-store.js';
import { useTempDir } from '../../../helpers/temp-dir.js';

const URL_A = 'https://mcp.example.com/mcp';
const tmp = useTempDir('portcullis-oauth-provider-');
const tokens = (scope?: string) => ({ access_token: 'at', token_type: 'Bearer', ...(scope ? { scope } : {}) });
const flow = (urls: URL[] = []) => ({ redirectUrl: 'http://127.0.0.1:5555/callback', state: 'st', onAuthorizationUrl: (u: URL) => void urls.push(u) });

describe('refreshIsDue and expiresAt', () => {
  it('falls due a fifth of the lifetime before expiry, at most a minute ahead', () => {
    const record = { serverUrl: URL_A, tokens: { ...tokens(), expires_in: 100 }, obtainedAt: 0 };
    expect(refreshIsDue(record, 79_999)).toBe(false);
    expect(refreshIsDue(record, 80_000)).toBe(true);
    const long = { serverUrl: URL_A, tokens: { ...tokens(), expires_in: 3600 }, obtainedAt: 0 };
    expect(refreshIsDue(long, 3_539_999)).toBe(false);
    expect(refreshIsDue(long, 3_540_000)).toBe(true);
    expect(refreshIsDue({ serverUrl: URL_A, tokens: tokens(), obtainedAt: 0 }, 1e12)).toBe(false);
  });

  it('gives the expiry time only when both lifetime and obtained time are known', () => {
    expect(expiresAt({ serverUrl: URL_A, tokens: { ...tokens(), expires_in: 60 }, obtainedAt: 1000 })).toEqual(new Date(61_000));
    expect(expiresAt({ serverUrl: URL_A, tokens: { ...tokens(), expires_in: 60 } })).toBeUndefined();
  });
});

describe('PortcullisOAuthProvider in the gateway (no sign-in flow)', () => {
  it('never registers a client or redirects: it asks for a sign-in, telling its listener', async () => {
    const heard: string[] = [];
    const provider = new PortcullisOAuthProvider({ serverId: 'gh', serverUrl: URL_A, store: new OAuthStore(tmp.path), onNeedsSignIn: (e) => heard.push(e.reason) });
    await expect(provider.clientInformation()).rejects.toBeInstanceOf(NeedsSignInError);
    await expect(provider.redirectToAuthorization(new URL('https://as.example/authorize'))).rejects.toBeInstanceOf(NeedsSignInError);
    expect(heard).toEqual(['not-signed-in', 'not-signed-in']);
    expect(provider.redirectUrl).toBe('http://127.0.0.1/callback');
    expect(await provider.tokens()).toBeUndefined();
  });

  it('uses a pre-registered client id as it is, and never learns another', async () => {
    const provider = new PortcullisOAuthProvider({ serverId: 'gh', serverUrl: URL_A, store: new OAuthStore(tmp.path), config: { clientId: 'mine' } });
    await provider.saveClientInformation({ client_id: 'issued' });
    expect(await provider.clientInformation()).toEqual({ client_id: 'mine' });
  });

  it('stops asking for another sign-in after the server refused the same scope MAX_SCOPE_REFUSALS times', async () => {
    const store = new OAuthStore(tmp.path);
    const provider = new PortcullisOAuthProvider({ serverId: 'gh', serverUrl: URL_A, store });
    const reasons: string[] = [];
    for (let signIn = 1; signIn <= MAX_SCOPE_REFUSALS + 1; signIn++) {
      await store.update('gh', URL_A, (r) => ((r.tokens = tokens('repo')), (r.signInScope = 'repo admin'), (r.signedInAt = signIn)));
      reasons.push((await provider.noteInsufficientScope({ scope: 'admin' })).reason);
      reasons.push((await provider.noteInsufficientScope({ scope: 'admin' })).reason); // the same sign-in counts once
    }
    expect(reasons).toEqual(['more-scope', 'more-scope', 'scope-refused', 'scope-refused', 'scope-refused', 'scope-refused']);
    const fresh = await provider.noteInsufficientScope({ scope: 'billing' }); // a scope nobody asked for yet
    expect(fresh.reason).toBe('more-scope');
    expect((await store.read('gh', URL_A)).stepUpScope).toBe('repo admin billing');
  });
});

describe('PortcullisOAuthProvider during a sign-in', () => {
  it('hands the authorization URL on, and stores tokens with the scope it asked for only on success', async () => {
    const store = new OAuthStore(tmp.path);
    await store.update('gh', URL_A, (r) => ((r.tokens = tokens('old')), (r.stepUpScope = 'x')));
    const urls: URL[] = [];
    const provider = new PortcullisOAuthProvider({ serverId: 'gh', serverUrl: URL_A, store, flow: flow(urls) });
    expect(provider.redirectUrl).toBe('http://127.0.0.1:5555/callback');
    expect(provider.clientMetadata).toMatchObject({ redirect_uris: ['http://127.0.0.1:5555/callback'], token_endpoint_auth_method: 'none' });
    expect(provider.state()).toBe('st');
    expect(await provider.clientInformation()).toBeUndefined(); // may register now
    await provider.redirectToAuthorization(new URL('https://as.example/authorize?scope=repo+admin'));
    expect(urls.map(String)).toEqual(['https://as.example/authorize?scope=repo+admin']);
    expect(await provider.tokens()).toBeUndefined(); // the stored ones are not the flow's
    await provider.invalidateCredentials('tokens');
    expect((await store.read('gh', URL_A)).tokens?.scope).toBe('old'); // a sign-in in progress leaves them alone
    await provider.saveTokens(tokens());
    const record = await store.read('gh', URL_A);
    expect(record).toMatchObject({ tokens: { access_token: 'at' }, signInScope: 'repo admin', redirectUrl: 'http://127.0.0.1:5555/callback' });
    expect(record.stepUpScope).toBeUndefined();
  });

  it('registers with a client secret method only when the authorization server takes no public clients', async () => {
    const provider = new PortcullisOAuthProvider({ serverId: 'gh', serverUrl: URL_A, store: new OAuthStore(tmp.path), flow: flow() });
    const metadata = (methods: string[]) => ({ authorizationServerUrl: 'https://as.example', authorizationServerMetadata: { issuer: 'https://as.example', authorization_endpoint: 'https://as.example/a', token_endpoint: 'https://as.example/t', response_types_supported: ['code'], token_endpoint_auth_methods_supported: methods } });
    await provider.saveDiscoveryState(metadata(['client_secret_post', 'private_key_jwt']) as never);
    expect(provider.clientMetadata.token_endpoint_auth_method).toBe('client_secret_post');
    await provider.saveDiscoveryState(metadata(['client_secret_basic', 'none']) as never);
    expect(provider.clientMetadata.token_endpoint_auth_method).toBe('none');
  });
});
