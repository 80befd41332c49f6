import { describe, expect, test } from 'vitest';
import type { GrantRecord } from '../../../shared/config.js';
import { ConnectionGrants, findGrant, hashToken, newGrantToken } from '../../../electron/gateway/auth/grant-tokens.js';

function grant(name: string): { record: GrantRecord; token: string } {
  const token = newGrantToken();
  return { record: { name, tokenHash: hashToken(token), createdAt: '2026-11-25T00:00:00.000Z' }, token };
}

describe('findGrant', () => {
  test('finds the grant a token belongs to, and nothing for any other token', () => {
    const a = grant('Cursor');
    const b = grant('Claude');
    expect(findGrant([a.record, b.record], b.token)).toBe(b.record);
    expect(findGrant([a.record, b.record], newGrantToken())).toBeUndefined();
    expect(findGrant([a.record], '')).toBeUndefined();
  });
});

describe('ConnectionGrants', () => {
  test('a connection that proved a token gets its grant on every later request', () => {
    const a = grant('Cursor');
    const grants = [a.record];
    const lookup = new ConnectionGrants();
    const connection = {};
    for (let i = 0; i < 3; i++) expect(lookup.find(grants, a.token, connection)).toBe(a.record);
  });

  test('another token on the same connection is checked on its own: a wrong one of the same length is refused', () => {
    const a = grant('Cursor');
    const b = grant('Claude');
    const grants = [a.record, b.record];
    const lookup = new ConnectionGrants();
    const connection = {};
    expect(lookup.find(grants, a.token, connection)).toBe(a.record);
    const forged = a.token.slice(0, -1) + (a.token.endsWith('A') ? 'B' : 'A');
    expect(lookup.find(grants, forged, connection)).toBeUndefined();
    expect(lookup.find(grants, b.token, connection)).toBe(b.record);
    expect(lookup.find(grants, a.token, connection)).toBe(a.record);
  });

  test('a revoked grant stops working at once, on a connection that had proved it', () => {
    const a = grant('Cursor');
    const grants = [a.record];
    const lookup = new ConnectionGrants();
    const connection = {};
    expect(lookup.find(grants, a.token, connection)).toBe(a.record);
    grants.splice(0, 1); // revokeGrant removes the record in place
    expect(lookup.find(grants, a.token, connection)).toBeUndefined();
  });

  test('grants reloaded from disk (new records, same tokens) are found afresh', () => {
    const a = grant('Cursor');
    const lookup = new ConnectionGrants();
    const connection = {};
    expect(lookup.find([a.record], a.token, connection)).toBe(a.record);
    const reloaded = { ...a.record };
    expect(lookup.find([reloaded], a.token, connection)).toBe(reloaded);
  });

  test('what one connection proved does not vouch for another', () => {
    const a = grant('Cursor');
    const lookup = new ConnectionGrants();
    expect(lookup.find([a.record], a.token, {})).toBe(a.record);
    expect(lookup.find([a.record], newGrantToken(), {})).toBeUndefined();
  });
});
