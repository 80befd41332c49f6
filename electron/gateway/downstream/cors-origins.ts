// Which browser origins get CORS headers. The Origin check (http-guards.ts) lets any
// loopback page through, which is right for DNS-rebinding defence but too wide for CORS:
// reflecting every loopback origin lets any local web page (a dev server, a page another
// program serves) read /mcp answers once it holds a token. CORS is granted only to:
//   - the gateway's own origins (its UI; same-origin requests need no CORS, but harmless);
//   - the MCP Inspector's web UI on its default port (http://localhost:6274, 127.0.0.1:6274),
//     the browser-based MCP client people use against a local gateway;
//   - whatever PORTCULLIS_CORS_ORIGINS lists (comma-separated origins, e.g. an Inspector on
//     another port: `PORTCULLIS_CORS_ORIGINS=http://localhost:6280`).
// Any other origin gets no CORS headers, so a browser will not let its page read the answer.

const INSPECTOR_ORIGINS = ['http://localhost:6274', 'http://127.0.0.1:6274'];

export class CorsOrigins {
  private readonly allowed: Set<string>;

  constructor(configured: readonly string[] = fromEnv(process.env.PORTCULLIS_CORS_ORIGINS)) {
    this.allowed = new Set([...INSPECTOR_ORIGINS, ...configured]);
  }

  /** Adds the gateway's own origins, once its port is known. */
  addSelf(port: number): void {
    for (const host of ['127.0.0.1', 'localhost', '[::1]']) this.allowed.add(`http://${host}:${port}`);
  }

  /** The origin to reflect in Access-Control-Allow-Origin, or undefined for none. */
  corsOrigin(origin: string | undefined): string | undefined {
    return origin !== undefined && this.allowed.has(origin) ? origin : undefined;
  }
}

function fromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin !== '');
}
