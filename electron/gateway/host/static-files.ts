// Serves the built renderer (renderer/dist) with a strict Content-Security-Policy.
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpError } from '../downstream/http-guards.js';

export const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** renderer/dist, found relative to this file in both the source tree and dist/. */
export function defaultUiDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = here.includes(`${path.sep}dist${path.sep}`) ? path.resolve(here, '../../../..') : path.resolve(here, '../../..');
  return path.join(root, 'renderer', 'dist');
}

export async function serveStatic(uiDir: string, pathname: string, res: ServerResponse): Promise<boolean> {
  const relative = pathname === '/' ? 'index.html' : decodePath(pathname).replace(/^\/+/, '');
  const file = path.resolve(uiDir, relative);
  if (!file.startsWith(path.resolve(uiDir) + path.sep)) return false; // path traversal
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    if (pathname === '/') {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The Portcullis UI is not built. Run `npm run build` in the Portcullis folder, then reload.\n');
      return true;
    }
    return false;
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-security-policy': UI_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': relative === 'index.html' ? 'no-cache' : 'max-age=3600',
  });
  res.end(await readFile(file));
  return true;
}

/** A malformed percent-escape (`/%E0%A4%A`) is the client's mistake: 400, not 500. */
function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    throw new HttpError(400, `Bad request: the path '${pathname}' is not valid percent-encoding`);
  }
}
