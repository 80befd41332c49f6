// The Api boundary's input checks: defaults filled, unknown keys and bad values refused with paths.
import { describe, expect, it } from 'vitest';
import { API_METHODS, apiInputSchemas, isApiMethod, parseApiInput } from '../../shared/api-schema.js';

describe('parseApiInput', () => {
  it('accepts a method with no input given nothing at all', () => {
    expect(parseApiInput('getInfo', undefined)).toEqual({ ok: true, value: {} });
  });

  it('fills defaults (a stdio server with no args or env)', () => {
    const parsed = parseApiInput('addServer', { id: 'memory', upstream: { transport: 'stdio', command: 'npx' } });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.upstream).toEqual({ transport: 'stdio', command: 'npx', args: [], env: {} });
  });

  it('names the path of every problem', () => {
    const parsed = parseApiInput('addServer', { id: 'Bad Id', upstream: { transport: 'http', url: 'ftp://x' }, extra: 1 });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const paths = parsed.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['id', 'upstream.url', '']));
    expect(parsed.issues.find((i) => i.path === 'id')?.message).toMatch(/server id 'Bad Id' is not valid/);
    expect(parsed.issues.find((i) => i.path === '')?.message).toMatch(/extra/);
  });

  it('refuses an unknown key on a method with no input', () => {
    expect(parseApiInput('getInfo', { verbose: true }).ok).toBe(false);
  });

  it('answers an unknown method as an issue, not a throw', () => {
    expect(parseApiInput('dropDatabase' as never, {})).toEqual({ ok: false, issues: [{ path: '', message: "unknown Api method 'dropDatabase'" }] });
  });

  it('takes only redis:// or rediss:// URLs (or nothing) as the team store', () => {
    expect(parseApiInput('updateSettings', { store: 'redis://127.0.0.1:6379/0' }).ok).toBe(true);
    expect(parseApiInput('updateSettings', { store: '' }).ok).toBe(true);
    expect(parseApiInput('updateSettings', { store: 'http://127.0.0.1:6379' })).toMatchObject({ ok: false, issues: [{ path: 'store', message: 'expected redis://host:port[/db]' }] });
  });

  it('takes only absolute paths for a client file', () => {
    const apply = (file: string) => parseApiInput('disconnectClient', { mode: 'preview', client: 'cursor', file }).ok;
    expect([apply('/home/me/.cursor/mcp.json'), apply('C:\\Users\\me\\mcp.json'), apply('\\\\share\\mcp.json')]).toEqual([true, true, true]);
    expect(apply('mcp.json')).toBe(false);
  });
});

describe('isApiMethod', () => {
  it('is true for the contract methods only, not for inherited object keys', () => {
    expect(API_METHODS.every(isApiMethod)).toBe(true);
    expect(API_METHODS).toEqual(Object.keys(apiInputSchemas));
    expect(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'nope'].some(isApiMethod)).toBe(false);
  });
});
