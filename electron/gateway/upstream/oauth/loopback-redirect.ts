// The redirect URI of a native app (RFC 8252 §7.3): http://127.0.0.1:<ephemeral>/callback,
// listening only while one sign-in is in progress. It accepts exactly one answer: a code
// with the `state` this sign-in sent. Anything else ends the sign-in with a clear error.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export class SignInTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no sign-in came back within ${Math.round(timeoutMs / 1000)} s`);
    this.name = 'SignInTimeoutError';
  }
}

export class SignInCallbackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignInCallbackError';
  }
}

export interface LoopbackRedirect {
  readonly redirectUrl: string;
  /** A fresh random value for the authorization request's `state`. */
  readonly state: string;
  /** The authorization code, once the browser comes back with it. */
  waitForCode(timeoutMs: number, signal?: AbortSignal): Promise<string>;
  close(): Promise<void>;
}

export async function openLoopbackRedirect(): Promise<LoopbackRedirect> {
  const state = randomBytes(32).toString('base64url');
  let settle: { resolve(code: string): void; reject(error: Error): void } | undefined;
  let outcome: { code?: string; error?: Error } | undefined;
  const finish = (result: { code?: string; error?: Error }) => {
    outcome ??= result;
    if (outcome.error) settle?.reject(outcome.error);
    else if (outcome.code) settle?.resolve(outcome.code);
  };

  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = `127.0.0.1:${port}`;
  const redirectUrl = `http://${host}/callback`;

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', redirectUrl);
    // Browsers arrive by the redirect URI itself; another Host is a rebinding attempt.
    if (req.headers.host !== host || req.method !== 'GET' || url.pathname !== '/callback') return reply(res, 404, 'Not found.');
    if (outcome) return reply(res, 410, 'This sign-in has already finished. You can close this tab.');
    const params = url.searchParams;
    if (params.get('state') !== state) {
      reply(res, 400, 'This answer does not belong to the sign-in Portcullis started (wrong state). Nothing was signed in.');
      return finish({ error: new SignInCallbackError('the browser came back with a wrong state parameter, so the answer was refused (possible cross-site request forgery); nothing was stored') });
    }
    const error = params.get('error');
    if (error) {
      const description = params.get('error_description');
      reply(res, 400, `The authorization server refused the sign-in: ${error}${description ? ` (${description})` : ''}.`);
      return finish({ error: new SignInCallbackError(`the authorization server refused the sign-in: ${error}${description ? ` (${description})` : ''}`) });
    }
    const code = params.get('code');
    if (!code) {
      reply(res, 400, 'The answer carries no authorization code. Nothing was signed in.');
      return finish({ error: new SignInCallbackError('the browser came back without an authorization code') });
    }
    reply(res, 200, 'Signed in. You can close this tab and return to Portcullis.');
    finish({ code });
  }

  return {
    redirectUrl,
    state,
    waitForCode(timeoutMs, signal) {
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => finish({ error: new SignInTimeoutError(timeoutMs) }), timeoutMs);
        const onAbort = () => finish({ error: new SignInCallbackError('the sign-in was cancelled') });
        signal?.addEventListener('abort', onAbort, { once: true });
        settle = {
          resolve: (code) => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            resolve(code);
          },
          reject: (error) => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            reject(error);
          },
        };
        if (signal?.aborted) onAbort();
        else if (outcome) finish(outcome);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function reply(res: ServerResponse, status: number, text: string): void {
  const html = `<!doctype html><meta charset="utf-8"><title>Portcullis sign-in</title><p>${escapeHtml(text)}</p>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  res.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
