// /mcp grants CORS to its own origins, the MCP Inspector's, and configured ones; not to any loopback page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorsOrigins } from '../../../electron/gateway/downstream/cors-origins.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';

describe('CorsOrigins', () => {
  it('allows the Inspector’s default origin, configured ones and, once known, its own', () => {
    const cors = new CorsOrigins(['http://localhost:6280']);
    expect(cors.corsOrigin('http://localhost:6274')).toBe('http://localhost:6274');
    expect(cors.corsOrigin('http://localhost:6280')).toBe('http://localhost:6280');
    expect(cors.corsOrigin('http://localhost:7337')).toBeUndefined();
    cors.addSelf(7337);
    expect(cors.corsOrigin('http://localhost:7337')).toBe('http://localhost:7337');
    expect(cors.corsOrigin('http://127.0.0.1:5173')).toBeUndefined();
    expect(cors.corsOrigin(undefined)).toBeUndefined();
  });
});

describe('the gateway’s /mcp preflight', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({});
  });
  afterAll(async () => {
    await gw.close();
  });

  const preflight = (origin: string) =>
    fetch(`${gw.gateway.url}/mcp`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' } });

  it('does not reflect an arbitrary loopback origin', async () => {
    const res = await preflight('http://localhost:5555');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('reflects the MCP Inspector’s origin', async () => {
    const res = await preflight('http://localhost:6274');
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:6274');
  });
});
