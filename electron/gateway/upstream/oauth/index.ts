// Upstream OAuth 2.1 sign-in (issue 12): what the rest of Portcullis uses.
export { UpstreamOAuth, type UpstreamAuth, type UpstreamOAuthOptions, type SignInStatus } from './upstream-oauth.js';
export { PortcullisOAuthProvider, type UpstreamOAuthConfig, type ProviderOptions, type InteractiveFlow } from './oauth-provider.js';
export { NeedsSignInError, isAuthRequired, toNeedsSignIn, describeNeedsSignIn, needsSignInToolResult, type SignInReason } from './needs-sign-in.js';
export { signIn, signOut, SignInError, DEFAULT_SIGN_IN_TIMEOUT_MS, type SignInOptions, type SignInResult } from './sign-in.js';
export { probeAuthChallenge, challengeObservingFetch, type AuthChallenge, type HttpUpstream } from './auth-challenge.js';
export { OAuthStore, OAuthStoreError, ForeignBoxError, type OAuthRecord } from './token-store.js';
export { openInBrowser } from './open-browser.js';
