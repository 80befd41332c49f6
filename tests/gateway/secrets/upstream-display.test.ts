import { describe, expect, it } from 'vitest';
import { describeUpstream, maskUpstream, unmaskUpstream } from '../../../electron/gateway/secrets/upstream-display.js';
import type { UpstreamConfig } from '../../../shared/config.js';

const stdio: UpstreamConfig = {
  transport: 'stdio',
  command: 'npx',
  args: ['-y', 'pg-mcp', 'postgresql://app:PgPassw0rd@db:5432/app', '--api-key', 'k-123', '--port', '5432'],
  env: { PGPASSWORD: 'PgPassw0rd', LOG_LEVEL: 'debug' },
};
const http: UpstreamConfig = { transport: 'http', url: 'https://mcp.example.com/mcp?api_key=abc123&region=eu', headers: { 'X-Api-Key': 'abc123' } };

describe('maskUpstream', () => {
  it('masks env values, secrets in arguments, the value after a secret flag', () => {
    expect(maskUpstream(stdio)).toEqual({
      transport: 'stdio',
      command: 'npx',
      args: ['-y', 'pg-mcp', 'postgresql://app:***@db:5432/app', '--api-key', '***', '--port', '5432'],
      env: { PGPASSWORD: '***', LOG_LEVEL: '***' },
    });
  });

  it('masks header values and secret query parameters of a URL', () => {
    expect(maskUpstream(http)).toEqual({ transport: 'http', url: 'https://mcp.example.com/mcp?api_key=***&region=eu', headers: { 'X-Api-Key': '***' } });
  });

  it('describes the target on one line, masked', () => {
    expect(describeUpstream(stdio)).toBe('npx -y pg-mcp postgresql://app:***@db:5432/app --api-key *** --port 5432');
    expect(describeUpstream(http)).toBe('https://mcp.example.com/mcp?api_key=***&region=eu');
  });
});

describe('unmaskUpstream', () => {
  it('reads masks sent back as "unchanged", wherever the argument moved', () => {
    const shown = maskUpstream(stdio) as Extract<UpstreamConfig, { transport: 'stdio' }>;
    const edited = { ...shown, args: ['--verbose', ...shown.args], env: { ...shown.env, LOG_LEVEL: 'info' } };
    expect(unmaskUpstream(edited, stdio)).toEqual({ ...stdio, args: ['--verbose', ...stdio.args], env: { PGPASSWORD: 'PgPassw0rd', LOG_LEVEL: 'info' } });
    expect(unmaskUpstream(maskUpstream(http), http)).toEqual(http);
  });

  it('refuses a masked secret it cannot restore, rather than store the mask', () => {
    const shown = maskUpstream(stdio) as Extract<UpstreamConfig, { transport: 'stdio' }>;
    const edited = { ...shown, args: shown.args.map((a) => a.replace('@db:', '@db2:')) };
    expect(() => unmaskUpstream(edited, stdio)).toThrow(/argument 3 still holds a masked secret .* must be typed whole again/);
    expect(() => unmaskUpstream({ ...http, url: 'https://other.example/mcp?api_key=***' }, http)).toThrow(/the URL still holds a masked secret/);
  });

  it('takes new values as they are', () => {
    expect(unmaskUpstream({ ...http, url: 'https://new.example/mcp?api_key=new' }, http)).toMatchObject({ url: 'https://new.example/mcp?api_key=new' });
  });
});
