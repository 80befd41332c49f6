// Checks every HTTP request passes before it reaches a session: Host and Origin
// (DNS-rebinding defence), the bearer token, and a bounded, valid request body.
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly jsonRpcCode = -32000,
    readonly headers: Record<string, string> = {},
    /** The JSON-RPC error's `data`: facts a client can act on (which cap, its value). */
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }
}

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);
const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * The Host values this listener answers to: loopback names (and the bound host) with the real
 * port, plus `extra`, taken as written: the names a load balancer in front is reached by
 * (`serve --allow-host gateway.team.internal:7337`), whose port is not this listener's.
 */
export function allowedHosts(boundHost: string, port: number, extra: readonly string[] = []): Set<string> {
  const names = new Set(LOOPBACK_HOSTNAMES);
  names.add(boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost);
  return new Set([...[...names].map((name) => `${name}:${port}`), ...extra.map((host) => host.toLowerCase())]);
}

/** The host names (no port) of `allowedHosts`' extra entries: a page served through the balancer has such an Origin. */
export function extraHostnames(extra: readonly string[]): Set<string> {
  return new Set(extra.map((host) => new URL(`http://${host}`).hostname.toLowerCase()));
}

export function checkHost(req: IncomingMessage, allowed: Set<string>): void {
  const host = req.headers.host?.toLowerCase();
  if (!host || !allowed.has(host)) throw new HttpError(403, `Forbidden: unknown Host header '${host ?? ''}'`);
}

/** A browser page may talk to Portcullis only from a loopback origin (or the bound host, or an allowed extra host). */
export function checkOrigin(req: IncomingMessage, boundHost: string, extraNames: ReadonlySet<string> = NO_NAMES): string | undefined {
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  let hostname: string;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    hostname = url.hostname;
  } catch {
    throw new HttpError(403, `Forbidden: Origin '${origin}' is not allowed`);
  }
  if (!LOOPBACK_HOSTNAMES.has(hostname) && hostname !== boundHost && !extraNames.has(hostname)) throw new HttpError(403, `Forbidden: Origin '${origin}' is not allowed`);
  return origin;
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Reads and parses a JSON body, refusing more than `maxBytes` (413) and anything that is not UTF-8 JSON (400). */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    throw new HttpError(413, `Payload Too Large: request body is ${declared} bytes, the limit is ${maxBytes}`);
  }
  // The handler runs as soon as the headers are parsed; the rest of the same read (the body) is
  // parsed before the next microtask, so one hop usually finds it whole.
  if (!arrivedWhole(req, declared)) await null;
  const body = takeBufferedBody(req, maxBytes, declared) ?? (await readBodyStream(req, maxBytes));
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    throw new HttpError(400, 'Parse error: request body is not valid UTF-8', -32700);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `Parse error: ${(error as Error).message}`, -32700);
  }
}

/**
 * Node marks a request `complete` only a loop turn after the last body byte is buffered, so a
 * body that has reached its declared length counts as whole.
 */
function arrivedWhole(req: IncomingMessage, declared: number): boolean {
  return req.complete || req.readableLength === declared;
}

/**
 * A small request usually arrives whole with its headers. Taking its buffered body at once skips
 * the stream's events and a promise.
 */
function takeBufferedBody(req: IncomingMessage, maxBytes: number, declared: number): Buffer | undefined {
  if (!arrivedWhole(req, declared) || req.readableFlowing || req.readableLength > maxBytes) return undefined;
  const chunk = req.read() as Buffer | null;
  req.resume(); // with no reader left, the request would never emit 'end' and 'close'
  return chunk ?? Buffer.alloc(0);
}

function readBodyStream(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.resume();
        reject(new HttpError(413, `Payload Too Large: request body exceeds the limit of ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    // A client that goes away mid-body never sends 'end' (node reports it as an 'aborted' error, then 'close').
    const cutShort = () => reject(new HttpError(400, 'Bad Request: the request body was cut short'));
    req.once('error', cutShort);
    req.once('close', () => {
      if (!req.complete) cutShort();
    });
  });
}

export function sendJsonRpcError(res: ServerResponse, error: HttpError, id: unknown = null): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(error.status, { 'content-type': 'application/json', ...error.headers });
  const body = { code: error.jsonRpcCode, message: error.message, ...(error.data ? { data: error.data } : {}) };
  res.end(JSON.stringify({ jsonrpc: '2.0', error: body, id }));
}

export function corsHeaders(origin: string | undefined): Record<string, string> {
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-headers': 'authorization, content-type, mcp-session-id, mcp-protocol-version, last-event-id',
    'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
    'access-control-expose-headers': 'mcp-session-id, mcp-protocol-version, www-authenticate',
    vary: 'Origin',
  };
}
