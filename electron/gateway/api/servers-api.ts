// Api: servers (add, edit, remove, restart, status). Secrets never leave masked.
import type { PortcullisApi, ServerView } from '../../../shared/api.js';
import type { ServerConfig, ServerStatus, UpstreamConfig } from '../../../shared/config.js';
import { addServer, removeServer, updateServer } from '../config/servers.js';
import type { Portcullis } from '../portcullis.js';
import { ApiError, notFound } from '../../../shared/api-error.js';
import { maskUpstream, unmaskUpstream } from '../secrets/upstream-display.js';

export function serversApi(
  app: Portcullis,
  log: (message: string) => void = () => undefined,
): Pick<PortcullisApi, 'listServers' | 'addServer' | 'updateServer' | 'removeServer' | 'restartServer' | 'signInServer' | 'signOutServer'> {
  const config = app.gateway.config;
  const oauth = app.gateway.oauth;
  const view = async (server: ServerConfig): Promise<ServerView> => {
    const signIn = server.upstream.transport === 'stdio' ? undefined : await oauth.status(server).catch(() => undefined);
    return {
      config: { ...server, upstream: maskUpstream(server.upstream) },
      status: app.gateway.status(server.id) ?? idleStatus(server.id, app.gateway.sessions.countFor(server.id)),
      endpoint: app.gateway.endpoint(server.id),
      policy: { source: app.policies.loaded(server.id).source },
      ...(signIn
        ? { signIn: { signedIn: signIn.signedIn, ...(signIn.expiresAt ? { expiresAt: signIn.expiresAt } : {}), ...(signIn.pendingScope ? { pendingScope: signIn.pendingScope } : {}) } }
        : {}),
    };
  };
  /** The client secret goes to the protected sign-in store, beside the tokens, for the server's URL. */
  const keepClientSecret = async (server: ServerConfig, secret: string | undefined) => {
    if (secret === undefined || server.upstream.transport === 'stdio') return;
    await oauth.store.update(server.id, server.upstream.url, (record) => (record.clientSecret = secret));
  };
  const find = (id: string) => config.server(id) ?? (() => { throw notFound(`no server named '${id}'`); })();

  return {
    async listServers() {
      return Promise.all(config.data.servers.map(view));
    },
    async addServer({ id, upstream, oauthClientSecret, callTimeoutSeconds, pinning }) {
      checkClientSecret(upstream as UpstreamConfig, oauthClientSecret);
      const server = await addServer(config, id, upstream as UpstreamConfig, { ...(callTimeoutSeconds ? { callTimeoutSeconds } : {}), ...(pinning ? { pinning } : {}) });
      await keepClientSecret(server, oauthClientSecret);
      await app.gateway.reconcile();
      return view(server);
    },
    async updateServer({ id, upstream, oauthClientSecret, callTimeoutSeconds, pinning }) {
      const current = find(id);
      const patch: Partial<ServerConfig> = {};
      if (upstream) patch.upstream = unmaskUpstream(upstream as UpstreamConfig, current.upstream);
      if (callTimeoutSeconds !== undefined) patch.callTimeoutSeconds = callTimeoutSeconds;
      if (pinning !== undefined) patch.pinning = pinning;
      checkClientSecret(patch.upstream ?? current.upstream, oauthClientSecret);
      const next = await updateServer(config, id, patch);
      await keepClientSecret(next, oauthClientSecret);
      await app.gateway.reconcile();
      return view(next);
    },
    async removeServer({ id }) {
      await removeServer(config, id);
      app.policies.forget(id);
      await oauth.forget(id); // its tokens and client secret go with it
      await app.gateway.reconcile();
    },
    async restartServer({ id }) {
      find(id);
      await app.gateway.restart(id);
    },
    async signInServer({ id }) {
      const server = find(id);
      if (server.upstream.transport === 'stdio') throw new ApiError('invalid-input', `'${id}' is a stdio server: only URL servers sign in`);
      // The flow goes on in the background: its loopback listener waits for the browser to come back.
      return new Promise((resolve, reject) => {
        oauth
          .signIn(server, { onAuthorizationUrl: (url) => resolve({ authorizationUrl: url.href }) })
          .then(() => log(`signed in to '${id}'`))
          .catch((error: unknown) => {
            log(`sign-in to '${id}' did not finish: ${(error as Error).message}`);
            reject(new ApiError('invalid-input', `sign-in to '${id}' could not start: ${(error as Error).message}`));
          });
      });
    },
    async signOutServer({ id }) {
      find(id);
      await oauth.signOut(id);
    },
  };
}

function checkClientSecret(upstream: UpstreamConfig, secret: string | undefined): void {
  if (secret === undefined) return;
  if (upstream.transport === 'stdio') throw new ApiError('invalid-input', 'an OAuth client secret applies to URL servers only');
  if (!upstream.oauth?.clientId) throw new ApiError('invalid-input', 'an OAuth client secret needs the client id it belongs to (upstream.oauth.clientId)');
}

function idleStatus(id: string, sessions: number): ServerStatus {
  return { id, state: 'stopped', stderrTail: [], restarts: 0, sessions, since: new Date().toISOString() };
}
