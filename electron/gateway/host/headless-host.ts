// The headless host: the Api as `POST /api/<method>` (JSON) + `GET /api/events` (SSE), and
// the built renderer at `/`, all behind this run's admin token. It mounts on the gateway's
// own listener, after the Host and Origin checks every request passes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PortcullisClient } from '../../../shared/api.js';
import { isApiMethod } from '../../../shared/api-schema.js';
import { callApi } from '../api/call-api.js';
import { HttpError, readJsonBody } from '../downstream/http-guards.js';
import { ApiError, httpStatusOf, toApiError, toErrorBody } from '../../../shared/api-error.js';
import { AdminAuth } from './admin-auth.js';
import { handleLogin, loginUrl } from './login-route.js';
import { streamEvents } from './event-stream.js';
import { defaultUiDir, serveStatic } from './static-files.js';

const MAX_API_BODY = 8 * 1024 * 1024;

export interface HeadlessHostOptions {
  client: PortcullisClient;
  /** The gateway's own origins (http://127.0.0.1:port, http://localhost:port): the only ones allowed to call /api. */
  selfOrigins: () => string[];
  uiDir?: string;
}

export class HeadlessHost {
  readonly auth = new AdminAuth();
  private readonly uiDir: string;

  constructor(private readonly options: HeadlessHostOptions) {
    this.uiDir = options.uiDir ?? defaultUiDir();
  }

  /** A one-time login link. */
  loginUrl(base: string): string {
    return loginUrl(this.auth, base);
  }

  /** The route handler to mount on the gateway; resolves false for paths it does not own. */
  readonly handle = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (handleLogin(this.auth, req, res, url, this.options.selfOrigins()[0] ?? '')) return true;
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      await this.api(req, res, url.pathname.slice('/api/'.length));
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    return serveStatic(this.uiDir, url.pathname, res);
  };

  private async api(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    try {
      const origin = req.headers.origin;
      // Browsers treat every localhost port as the same site, so the cookie alone is no proof: the page must be ours.
      if (origin !== undefined && !this.options.selfOrigins().includes(origin)) throw new ApiError('unauthorized', `Origin '${origin}' may not use the Portcullis Api`);
      if (!this.auth.isAuthorized(req)) throw new ApiError('unauthorized', 'sign in with a login link: `portcullis ui` prints a fresh one from the running gateway (or send the admin token as a bearer token)');
      if (method === 'events' && req.method === 'GET') return streamEvents(this.options.client, res);
      if (req.method !== 'POST') throw new ApiError('invalid-input', `use POST /api/<method>`);
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new ApiError('invalid-input', 'send the input as Content-Type: application/json');
      if (!isApiMethod(method)) throw new ApiError('not-found', `unknown Api method '${method}'`);
      const body = await readJsonBody(req, MAX_API_BODY);
      const result = await callApi(this.options.client, method, body, { actor: this.auth.actorOf(req) });
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(result ?? null));
    } catch (error) {
      req.resume();
      // A body the guards refused (too large, not JSON, too slow) is the caller's input: its own status, code invalid-input.
      const apiError = error instanceof HttpError ? new ApiError('invalid-input', error.message) : toApiError(error);
      const status = error instanceof HttpError ? error.status : httpStatusOf(apiError.code);
      const body = toErrorBody(apiError);
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    }
  }
}
