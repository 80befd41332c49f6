// Grant management shared by the CLI and the Api: create (token shown once), list, revoke.
import type { GrantInfo } from '../../../shared/config.js';
import { conflict, invalidInput, notFound } from '../../../shared/api-error.js';
import type { ConfigStore } from '../store/config-store.js';
import { GRANT_NAME_PATTERN, hashToken, newGrantToken } from '../auth/grant-tokens.js';

export async function createGrant(store: ConfigStore, name: string): Promise<{ grant: GrantInfo; token: string }> {
  if (!GRANT_NAME_PATTERN.test(name)) {
    throw invalidInput(`grant name '${name}' is not valid: use 1-64 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit`);
  }
  const token = newGrantToken();
  const createdAt = new Date().toISOString();
  await store.update((data) => {
    if (data.grants.some((g) => g.name === name)) throw conflict(`a grant named '${name}' already exists (revoke it first to issue a new token)`);
    data.grants.push({ name, tokenHash: hashToken(token), createdAt });
  });
  return { grant: { name, createdAt }, token };
}

export function listGrants(store: ConfigStore): GrantInfo[] {
  return store.data.grants.map(({ name, createdAt, lastSeenAt }) => ({ name, createdAt, ...(lastSeenAt ? { lastSeenAt } : {}) }));
}

export async function revokeGrant(store: ConfigStore, name: string): Promise<void> {
  await store.update((data) => {
    const index = data.grants.findIndex((g) => g.name === name);
    if (index < 0) throw notFound(`no grant named '${name}'`);
    data.grants.splice(index, 1);
  });
}
