// The gateway's one HTTP listener. Every request passes Host and Origin checks first;
// `/mcp/<server-id>` then needs a grant token. Other routes (the Api, the UI) mount here.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALL_SERVERS } from '../session/gateway-session.js';
import { CorsOrigins } from './cors-origins.js';
import { HttpError, allowedHosts, bearerToken, checkHost, checkOrigin, corsHeaders, extraHostnames, sendJsonRpcError } from './http-guards.js';

/**
 * A client that sends its headers or body slowly (or never) would hold a connection and a
 * handler for ever; node's own timers cut it with 408 and close the connection. They cover
 * receiving the request only: a response stream (SSE) stays open as long as its client listens.
 */
export interface RequestTimeouts {
  /** The headers must have arrived within this (node: headersTimeout). */
  headersMs: number;
  /** The whole request, headers and body, must have arrived within this (node: requestTimeout). */
  requestMs: number;
  /** How often node looks for requests past their time (node: connectionsCheckingInterval). */
  checkEveryMs: number;
}

export const REQUEST_TIMEOUTS: RequestTimeouts = { headersMs: 15_000, requestMs: 30_000, checkEveryMs: 1_000 };

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

export interface HttpFrontOptions {
  host: string;
  port: number;
  /**
   * Resolves a bearer token to a grant name, or undefined (at once when it can: no await per
   * request). `connection` (the socket) lets it remember a token the connection has proved.
   */
  authenticate(token: string, connection: object): string | undefined | Promise<string | undefined>;
  mcp(req: IncomingMessage, res: ServerResponse, serverId: string, grant: string): Promise<void>;
  /** Routes outside /mcp (e.g. /api, the UI); they do their own auth. Return false if not handled. */
  other?(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  timeouts?: RequestTimeouts;
  /** Host values to answer to besides this listener's own (a load balancer's name): see allowedHosts. */
  extraHosts?: readonly string[];
}

/** `/mcp/<server-id>`, or `/mcp` alone for every server (the aggregate endpoint). */
const MCP_PATH = /^\/mcp(?:\/([^/]+))?\/?$/;
/** A path that the URL parser would leave as it is (no query, no escapes, no dot segments): taken as written. */
const PLAIN_MCP_PATH = /^\/mcp(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)?$/;

export class HttpFront {
  private readonly server: http.Server;
  private readonly mounts: NonNullable<HttpFrontOptions['other']>[] = [];
  private hosts = new Set<string>();
  private readonly extraNames: ReadonlySet<string>;
  private readonly cors = new CorsOrigins();
  port = 0;

  constructor(private readonly options: HttpFrontOptions) {
    const timeouts = options.timeouts ?? REQUEST_TIMEOUTS;
    this.server = http.createServer(
      { headersTimeout: timeouts.headersMs, requestTimeout: timeouts.requestMs, connectionsCheckingInterval: timeouts.checkEveryMs },
      (req, res) => void this.handle(req, res),
    );
    this.server.keepAliveTimeout = 65_000;
    this.extraNames = extraHostnames(options.extraHosts ?? []);
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.hosts = allowedHosts(this.options.host, this.port, this.options.extraHosts);
    this.cors.addSelf(this.port);
  }

  /** Adds routes outside /mcp (the Api, the UI). They run after Host and Origin checks, and do their own auth. */
  mount(handler: NonNullable<HttpFrontOptions['other']>): void {
    this.mounts.push(handler);
  }

  get origin(): string {
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `http://${host}:${this.port}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let origin: string | undefined;
    // A load balancer's health check: before the Host check (a balancer sends its own, or none),
    // and it tells nothing but that this listener answers.
    if (req.url === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end(req.method === 'GET' ? 'ok\n' : undefined);
      return;
    }
    try {
      checkHost(req, this.hosts);
      origin = checkOrigin(req, this.options.host, this.extraNames);
      const cors = this.cors.corsOrigin(origin);
      if (cors) for (const [key, value] of Object.entries(corsHeaders(cors))) res.setHeader(key, value);
      const raw = req.url ?? '/';
      // Every tool call comes this way: a plain /mcp path skips the URL parser.
      const url = PLAIN_MCP_PATH.test(raw) ? undefined : new URL(raw, 'http://gateway');
      const mcp = MCP_PATH.exec(url ? url.pathname : raw);
      if (mcp) {
        if (req.method === 'OPTIONS') {
          res.writeHead(204).end();
          return;
        }
        const token = bearerToken(req);
        const found = token ? this.options.authenticate(token, req.socket) : undefined;
        const grant = found instanceof Promise ? await found : found;
        if (!grant) {
          throw new HttpError(401, token ? 'Unauthorized: unknown or revoked token' : 'Unauthorized: send Authorization: Bearer <grant token>', -32001, {
            'www-authenticate': 'Bearer realm="portcullis"',
          });
        }
        await this.options.mcp(req, res, mcp[1] === undefined ? ALL_SERVERS : decodePathSegment(mcp[1]), grant);
        return;
      }
      const parsed = url ?? new URL(raw, 'http://gateway');
      if (await this.options.other?.(req, res, parsed)) return;
      for (const mount of this.mounts) if (await mount(req, res, parsed)) return;
      throw new HttpError(404, `Not found: ${parsed.pathname}`);
    } catch (error) {
      req.resume();
      sendJsonRpcError(res, error instanceof HttpError ? error : new HttpError(500, `Internal error: ${(error as Error).message}`, -32603));
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(404, `Not found: malformed server id in the path`);
  }
}
