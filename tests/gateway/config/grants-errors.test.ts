// Grant administration reports what went wrong as an ApiError with its code,
// so no binding (HTTP, IPC, CLI) has to guess a code from the message's wording.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ApiError } from '../../../shared/api-error.js';
import { createGrant, revokeGrant } from '../../../electron/gateway/config/grants.js';
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

describe('grants', () => {
  test('a bad name is invalid-input, a second grant of the same name a conflict, an unknown one not-found', async () => {
    expect(await codeOf(createGrant(store, ' starts with a space'))).toBe('invalid-input');
    await createGrant(store, 'cursor');
    expect(await codeOf(createGrant(store, 'cursor'))).toBe('conflict');
    expect(await codeOf(revokeGrant(store, 'nobody'))).toBe('not-found');
  });
});
