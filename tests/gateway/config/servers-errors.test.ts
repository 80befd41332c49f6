// Server administration reports what went wrong as an ApiError with its code,
// so no binding (HTTP, IPC, CLI) has to guess a code from the message's wording.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ApiError } from '../../../shared/api-error.js';
import { addServer, removeServer, updateServer } from '../../../electron/gateway/config/servers.js';
import { ConfigStore } from '../../../electron/gateway/store/config-store.js';

let dataDir: string;
let store: ConfigStore;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-admin-'));
  store = await ConfigStore.open(dataDir);
});
afterEach(async () => {
  store.close();
  await rm(dataDir, { recursive: true, force: true });
});

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof ApiError ? error.code : `not an ApiError: ${String(error)}`),
  );
const stdio = { transport: 'stdio' as const, command: 'node', args: [], env: {} };

describe('servers', () => {
  test('bad ids, URLs and commands are invalid-input; duplicates a conflict; unknown ids not-found', async () => {
    expect(await codeOf(addServer(store, 'Bad Id', stdio))).toBe('invalid-input');
    expect(await codeOf(addServer(store, 'x', { ...stdio, command: '  ' }))).toBe('invalid-input');
    expect(await codeOf(addServer(store, 'x', { transport: 'http', url: 'not a url', headers: {} }))).toBe('invalid-input');
    expect(await codeOf(addServer(store, 'x', { transport: 'http', url: 'ftp://example.com', headers: {} }))).toBe('invalid-input');
    await addServer(store, 'x', stdio);
    expect(await codeOf(addServer(store, 'x', stdio))).toBe('conflict');
    expect(await codeOf(updateServer(store, 'y', {}))).toBe('not-found');
    expect(await codeOf(removeServer(store, 'y'))).toBe('not-found');
  });
});
