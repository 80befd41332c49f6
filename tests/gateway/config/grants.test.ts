// Grant administration: what it stores, and each failure as an ApiError with its code.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, test } from 'vitest';
import { findGrant, hashToken } from '../../../electron/gateway/auth/grant-tokens.js';
import { createGrant, listGrants, revokeGrant } from '../../../electron/gateway/config/grants.js';
import { ConfigStore } from '../../../electron/gateway/store/config-store.js';
import { apiErrorCodeOf } from '../../helpers/api-error-code.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-grants-');
let store: ConfigStore;
beforeEach(async () => {
  store = await ConfigStore.open(tmp.path);
});
afterEach(() => store.close());

it('createGrant returns the token once and stores only its hash', async () => {
  const { grant, token } = await createGrant(store, 'Claude Desktop');
  expect(grant.name).toBe('Claude Desktop');
  expect(Date.parse(grant.createdAt)).not.toBeNaN();
  expect(store.data.grants).toEqual([{ name: 'Claude Desktop', tokenHash: hashToken(token), createdAt: grant.createdAt }]);
  expect(findGrant(store.data.grants, token)?.name).toBe('Claude Desktop');
  expect(await readFile(path.join(tmp.path, 'config.json'), 'utf8')).not.toContain(token);
});

it('each grant gets its own token', async () => {
  const a = await createGrant(store, 'a');
  const b = await createGrant(store, 'b');
  expect(a.token).not.toBe(b.token);
});

it('listGrants shows name, creation and last use, never the hash', async () => {
  await createGrant(store, 'a');
  await createGrant(store, 'b');
  await store.update((data) => {
    data.grants[1]!.lastSeenAt = '2026-12-01T00:00:00.000Z';
  });
  const listed = listGrants(store);
  expect(listed.map((g) => g.name)).toEqual(['a', 'b']);
  expect(listed[0]).not.toHaveProperty('lastSeenAt');
  expect(listed[1]?.lastSeenAt).toBe('2026-12-01T00:00:00.000Z');
  expect(JSON.stringify(listed)).not.toContain('tokenHash');
});

it('revokeGrant removes that grant only, and its token stops matching', async () => {
  const a = await createGrant(store, 'a');
  const b = await createGrant(store, 'b');
  await revokeGrant(store, 'a');
  expect(listGrants(store).map((g) => g.name)).toEqual(['b']);
  expect(findGrant(store.data.grants, a.token)).toBeUndefined();
  expect(findGrant(store.data.grants, b.token)?.name).toBe('b');
});

it('a revoked name can be granted again, with a new token', async () => {
  const first = await createGrant(store, 'a');
  await revokeGrant(store, 'a');
  const second = await createGrant(store, 'a');
  expect(second.token).not.toBe(first.token);
  expect(findGrant(store.data.grants, first.token)).toBeUndefined();
});

describe('grants', () => {
  test('a bad name is invalid-input, a second grant of the same name a conflict, an unknown one not-found', async () => {
    expect(await apiErrorCodeOf(createGrant(store, ' starts with a space'))).toBe('invalid-input');
    await createGrant(store, 'cursor');
    expect(await apiErrorCodeOf(createGrant(store, 'cursor'))).toBe('conflict');
    expect(await apiErrorCodeOf(revokeGrant(store, 'nobody'))).toBe('not-found');
  });
});
