// Server administration: what it stores, and each failure as an ApiError with its code.
import { afterEach, beforeEach, describe, expect, it, test } from 'vitest';
import type { UpstreamConfig } from '../../../shared/config.js';
import { ApiError } from '../../../shared/api-error.js';
import { addServer, removeServer, updateServer, validateUpstream } from '../../../electron/gateway/config/servers.js';
import { ConfigStore } from '../../../electron/gateway/store/config-store.js';
import { apiErrorCodeOf } from '../../helpers/api-error-code.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-servers-');
let store: ConfigStore;
beforeEach(async () => {
  store = await ConfigStore.open(tmp.path);
});
afterEach(() => store.close());

const stdio: UpstreamConfig = { transport: 'stdio', command: 'node', args: ['server.js'], env: {} };

it('addServer stores the server with its extras and the time it was added', async () => {
  const server = await addServer(store, 'odoo', stdio, { callTimeoutSeconds: 30, pinning: 'block' });
  expect(server).toEqual({ id: 'odoo', upstream: stdio, addedAt: expect.any(String), callTimeoutSeconds: 30, pinning: 'block' });
  expect(Date.parse(server.addedAt)).not.toBeNaN();
  expect(store.data.servers).toEqual([server]);
});

it('updateServer merges the patch, keeps id and addedAt, and returns the result', async () => {
  const added = await addServer(store, 'odoo', stdio);
  const http: UpstreamConfig = { transport: 'http', url: 'https://odoo.example/mcp', headers: {} };
  const updated = await updateServer(store, 'odoo', { upstream: http, callTimeoutSeconds: 5, id: 'renamed' } as never);
  expect(updated).toEqual({ ...added, id: 'odoo', upstream: http, callTimeoutSeconds: 5 });
  expect(store.data.servers).toEqual([updated]);
});

it('updateServer checks a new upstream before changing anything', async () => {
  await addServer(store, 'odoo', stdio);
  await expect(updateServer(store, 'odoo', { upstream: { ...stdio, command: ' ' } })).rejects.toBeInstanceOf(ApiError);
  expect(store.data.servers[0]?.upstream).toEqual(stdio);
});

it('removeServer removes that server only', async () => {
  await addServer(store, 'a', stdio);
  await addServer(store, 'b', stdio);
  await removeServer(store, 'a');
  expect(store.data.servers.map((s) => s.id)).toEqual(['b']);
});

it('validateUpstream accepts a command, and http(s) URLs for http and sse; says what is wrong otherwise', () => {
  expect(() => validateUpstream(stdio)).not.toThrow();
  expect(() => validateUpstream({ transport: 'sse', url: 'http://127.0.0.1:1/sse', headers: {} })).not.toThrow();
  expect(() => validateUpstream({ transport: 'http', url: 'HTTPS://X.example', headers: {} })).not.toThrow();
  expect(() => validateUpstream({ ...stdio, command: '' })).toThrow('a stdio server needs a command');
  expect(() => validateUpstream({ transport: 'http', url: 'example.com/mcp', headers: {} })).toThrow("'example.com/mcp' is not a valid URL");
  expect(() => validateUpstream({ transport: 'sse', url: 'file:///etc/passwd', headers: {} })).toThrow("'file:///etc/passwd' must be an http:// or https:// URL");
});

const bareStdio = { transport: 'stdio' as const, command: 'node', args: [], env: {} };
describe('servers', () => {
  test('bad ids, URLs and commands are invalid-input; duplicates a conflict; unknown ids not-found', async () => {
    expect(await apiErrorCodeOf(addServer(store, 'Bad Id', bareStdio))).toBe('invalid-input');
    expect(await apiErrorCodeOf(addServer(store, 'x', { ...bareStdio, command: '  ' }))).toBe('invalid-input');
    expect(await apiErrorCodeOf(addServer(store, 'x', { transport: 'http', url: 'not a url', headers: {} }))).toBe('invalid-input');
    expect(await apiErrorCodeOf(addServer(store, 'x', { transport: 'http', url: 'ftp://example.com', headers: {} }))).toBe('invalid-input');
    await addServer(store, 'x', bareStdio);
    expect(await apiErrorCodeOf(addServer(store, 'x', bareStdio))).toBe('conflict');
    expect(await apiErrorCodeOf(updateServer(store, 'y', {}))).toBe('not-found');
    expect(await apiErrorCodeOf(removeServer(store, 'y'))).toBe('not-found');
  });
});
