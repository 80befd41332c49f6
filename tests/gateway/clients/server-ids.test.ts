// A client's server name made into a Portcullis server id, a free variant when it is taken,
// and whether two upstreams are the same (so importing twice adds nothing).
import { describe, expect, it } from 'vitest';
import { sameUpstream, sanitizeServerId, uniqueServerId } from '../../../electron/gateway/clients/server-ids.js';
import { SERVER_ID_PATTERN } from '../../../shared/config.js';

describe('sanitizeServerId', () => {
  it.each([
    ['GitHub Copilot', 'github-copilot'],
    ['@acme/db', 'acme-db'],
    ['Café  Crème', 'cafe-creme'],
    ['__x__', 'x'],
    ['!!!', 'server'],
    ['日本', 'server'],
  ])('%j → %s', (name, id) => {
    expect(sanitizeServerId(name)).toBe(id);
  });

  it('shortens to 63 characters without a trailing dash, always matching the id pattern', () => {
    const id = sanitizeServerId(`${'a'.repeat(62)} b`);
    expect(id).toBe('a'.repeat(62));
    expect(SERVER_ID_PATTERN.test(sanitizeServerId('x'.repeat(100)))).toBe(true);
  });
});

describe('uniqueServerId', () => {
  it('keeps a free id and numbers a taken one from 2', () => {
    expect(uniqueServerId('db', new Set())).toBe('db');
    expect(uniqueServerId('db', new Set(['db', 'db-2']))).toBe('db-3');
  });

  it('shortens a long id to fit its suffix', () => {
    const long = 'a'.repeat(63);
    const id = uniqueServerId(long, new Set([long]));
    expect(id).toBe(`${'a'.repeat(61)}-2`);
    expect(id.length).toBe(63);
  });
});

describe('sameUpstream', () => {
  const stdio = { transport: 'stdio' as const, command: 'node', args: ['s.js'], env: { A: '1' } };
  const http = { transport: 'http' as const, url: 'http://x/mcp', headers: { H: '1' } };

  it('compares command, args, env and cwd for stdio, and an absent cwd is the empty one', () => {
    expect(sameUpstream(stdio, { ...stdio, args: ['s.js'], env: { A: '1' } })).toBe(true);
    expect(sameUpstream(stdio, { ...stdio, cwd: '' })).toBe(true);
    expect(sameUpstream(stdio, { ...stdio, cwd: '/tmp' })).toBe(false);
    expect(sameUpstream(stdio, { ...stdio, env: { A: '2' } })).toBe(false);
    expect(sameUpstream(stdio, { ...stdio, args: [] })).toBe(false);
  });

  it('compares URL, transport and headers otherwise, and never stdio with http', () => {
    expect(sameUpstream(http, { ...http })).toBe(true);
    expect(sameUpstream(http, { ...http, headers: {} })).toBe(false);
    expect(sameUpstream(http, { ...http, transport: 'sse' } as never)).toBe(false);
    expect(sameUpstream(stdio, http as never)).toBe(false);
    expect(sameUpstream(http as never, stdio)).toBe(false);
  });
});
