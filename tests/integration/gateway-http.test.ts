// The HTTP front's refusals: auth, Host/Origin, sessions, body limits, malformed input.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { faultyStdio } from '../helpers/faulty.js';
import { connectHttpClient, textOf } from '../helpers/sdk-client.js';
import { revokeGrant } from '../../electron/gateway/config/grants.js';
import { createGrant } from '../../electron/gateway/config/grants.js';
import { updateSettings } from '../helpers/settings.js';

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};
const accept = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ faulty: faultyStdio() });
});
afterAll(async () => {
  await gw?.close();
});

function post(body: unknown, headers: Record<string, string> = {}, url = gw.endpoint('faulty')) {
  return fetch(url, { method: 'POST', headers: { ...accept, ...gw.headers(), ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('authentication', () => {
  test('no token → 401 with WWW-Authenticate', async () => {
    const res = await fetch(gw.endpoint('faulty'), { method: 'POST', headers: accept, body: JSON.stringify(initialize) });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect(((await res.json()) as any).error.message).toMatch(/Authorization: Bearer/);
  });

  test('wrong token → 401', async () => {
    const res = await post(initialize, { authorization: 'Bearer pcg_not-a-real-token' });
    expect(res.status).toBe(401);
  });

  test('a revoked token stops working at once, even for an open session', async () => {
    const { token } = await createGrant(gw.gateway.config, 'short-lived');
    const client = await connectHttpClient(gw.endpoint('faulty'), gw.headers(token));
    expect(textOf(await client.callTool({ name: 'remember', arguments: { value: 'a' } }))).toBe('remembered a');
    await revokeGrant(gw.gateway.config, 'short-lived');
    await expect(client.callTool({ name: 'whoami', arguments: {} })).rejects.toThrow(/401|Unauthorized/);
    await client.close().catch(() => undefined);
  });
});

describe('Host and Origin (DNS-rebinding defence)', () => {
  test('a foreign Origin → 403', async () => {
    const res = await post(initialize, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error.message).toMatch(/Origin/);
  });

  test('a loopback Origin is accepted, but only the Inspector and configured origins get CORS headers', async () => {
    const other = await post(initialize, { origin: 'http://localhost:5173' });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull(); // any local page may not read the answers
    const inspector = await post(initialize, { origin: 'http://localhost:6274' });
    expect(inspector.status).toBe(200);
    expect(inspector.headers.get('access-control-allow-origin')).toBe('http://localhost:6274');
    for (const res of [other, inspector]) {
      await fetch(gw.endpoint('faulty'), { method: 'DELETE', headers: { ...gw.headers(), 'mcp-session-id': res.headers.get('mcp-session-id')! } });
    }
  });

  test('an unknown Host → 403', async () => {
    // fetch does not let us set Host; use node:http directly.
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(gw.endpoint('faulty'), { method: 'POST', headers: { ...accept, ...gw.headers(), host: 'attacker.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify(initialize));
    });
    expect(status).toBe(403);
  });
});

describe('sessions', () => {
  test('unknown session id → 404', async () => {
    const res = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-session-id': 'no-such-session' });
    expect(res.status).toBe(404);
  });

  test('missing session id on a non-initialize request → 400', async () => {
    const res = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect(res.status).toBe(400);
  });

  test('a session belongs to its grant: another grant gets 404', async () => {
    const res = await post(initialize);
    const sessionId = res.headers.get('mcp-session-id')!;
    const { token } = await createGrant(gw.gateway.config, 'other-grant');
    const stolen = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, { ...gw.headers(token), 'mcp-session-id': sessionId });
    expect(stolen.status).toBe(404);
    const del = await fetch(gw.endpoint('faulty'), { method: 'DELETE', headers: { ...gw.headers(), 'mcp-session-id': sessionId } });
    expect(del.status).toBe(200);
    const after = await post({ jsonrpc: '2.0', id: 3, method: 'tools/list' }, { 'mcp-session-id': sessionId });
    expect(after.status).toBe(404);
  });

  test('unknown server → 404', async () => {
    const res = await post(initialize, {}, gw.endpoint('nope'));
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.message).toMatch(/Unknown server 'nope'/);
  });
});

describe('paths', () => {
  /** POSTs initialize to `path` exactly as written (fetch would normalise it first). */
  function initializeAt(path: string): Promise<number> {
    const { port } = new URL(gw.endpoint('faulty'));
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { ...accept, ...gw.headers() } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify(initialize));
    });
  }

  test('a server path written another way reaches the same server as the plain one', async () => {
    for (const path of ['/mcp/faulty', '/mcp/faulty/', '/mcp/faulty?trace=1', '/mcp/%66aulty', '/mcp/./faulty', '/mcp/x/../faulty']) {
      expect(await initializeAt(path), path).toBe(200);
    }
  });

  test('dot segments cannot climb out of /mcp', async () => {
    expect(await initializeAt('/mcp/../mcp/nope')).toBe(404);
    expect(await initializeAt('/mcp/..')).toBe(404);
    expect(await initializeAt('/mcp/%2e%2e/mcp/nope')).toBe(404);
  });
});

describe('request bodies', () => {
  test('a body over the limit → 413', async () => {
    await updateSettings(gw, { maxBodyBytes: 10_000 });
    const res = await post({ ...initialize, padding: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.message).toMatch(/Payload Too Large/);
    await updateSettings(gw, { maxBodyBytes: 4 * 1024 * 1024 });
  });

  test('invalid JSON → 400 with a JSON-RPC parse error', async () => {
    const res = await post('{"jsonrpc": "2.0", ');
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe(-32700);
  });

  test('invalid UTF-8 → 400', async () => {
    const res = await fetch(gw.endpoint('faulty'), { method: 'POST', headers: { ...accept, ...gw.headers() }, body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) });
    expect(res.status).toBe(400);
  });
});
