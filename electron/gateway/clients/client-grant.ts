// One grant per client ("Cursor", "Claude Desktop"…), so per-client limits work from the
// first call. Tokens are stored hashed and cannot be shown again: connect reuses the token
// already written in the client's file when it still matches, and otherwise issues a new
// token for the grant (which stops the old one) in a single locked write.
import { hashToken, newGrantToken } from '../auth/grant-tokens.js';
import type { ConfigStore } from '../store/config-store.js';
import { clientInfo, type ClientId } from './client-kinds.js';

export interface ClientGrant {
  name: string;
  token: string;
  /** `rotated`: the grant existed and its old token no longer works. */
  action: 'created' | 'rotated' | 'reused';
}

export function grantNameFor(client: ClientId): string {
  return clientInfo(client).label;
}

/** A token from the client's file that is still the grant's current token. */
export function reusableToken(store: ConfigStore, client: ClientId, candidates: readonly string[]): string | undefined {
  const grant = store.data.grants.find((g) => g.name === grantNameFor(client));
  if (!grant) return undefined;
  return candidates.find((token) => hashToken(token) === grant.tokenHash);
}

/** Creates the client's grant, or gives the existing one a new token. */
export async function issueClientGrant(store: ConfigStore, client: ClientId): Promise<ClientGrant> {
  const name = grantNameFor(client);
  const token = newGrantToken();
  const action = await store.update((data) => {
    const record = { name, tokenHash: hashToken(token), createdAt: new Date().toISOString() };
    const index = data.grants.findIndex((g) => g.name === name);
    if (index < 0) {
      data.grants.push(record);
      return 'created' as const;
    }
    data.grants[index] = record;
    return 'rotated' as const;
  });
  return { name, token, action };
}
