// Grant tokens: 256 random bits, shown once, stored only as a SHA-256 hash.
// A fast hash is right here: the token has full entropy, so there is nothing to brute-force.
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { GrantRecord } from '../../../shared/config.js';
import { sameSecret } from './same-secret.js';

const TOKEN_PREFIX = 'pcg_';
export const GRANT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

export function newGrantToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return hash('sha256', token, 'hex'); // one-shot: checked on every request
}

/** Stored hashes as bytes, decoded once per grant record (this runs on every request). */
const storedHashes = new WeakMap<GrantRecord, Buffer>();

function storedHash(grant: GrantRecord): Buffer {
  let bytes = storedHashes.get(grant);
  if (!bytes) storedHashes.set(grant, (bytes = Buffer.from(grant.tokenHash, 'hex')));
  return bytes;
}

/** Finds the grant a token belongs to, comparing every stored hash in constant time. */
export function findGrant(grants: readonly GrantRecord[], token: string): GrantRecord | undefined {
  const presented = hash('sha256', token, 'buffer');
  let match: GrantRecord | undefined;
  for (const grant of grants) {
    const stored = storedHash(grant);
    if (stored.length === presented.length && timingSafeEqual(stored, presented)) match = grant;
  }
  return match;
}

/**
 * findGrant with a memory per connection of the token it last proved. A keep-alive client sends
 * the same token on every request, and hashing it each time was the largest single cost of a
 * request's auth. The remembered token is compared in constant time too (several clients may
 * share a connection through a local proxy), and it counts only while its grant is still in the
 * list: a revoked or reloaded grant is looked up afresh.
 */
export class ConnectionGrants {
  private readonly proven = new WeakMap<object, { token: string; grant: GrantRecord }>();

  find(grants: readonly GrantRecord[], token: string, connection: object): GrantRecord | undefined {
    const known = this.proven.get(connection);
    if (known && sameSecret(known.token, token) && grants.includes(known.grant)) return known.grant;
    const grant = findGrant(grants, token);
    if (grant) this.proven.set(connection, { token, grant });
    return grant;
  }
}
